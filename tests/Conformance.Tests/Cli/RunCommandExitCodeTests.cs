using Conformance.Cli;
using Conformance.Tests.Support;

namespace Conformance.Tests.Cli;

/// <summary>The exit codes CI gates on, through the real command line and real node clients.</summary>
[TestFixture]
public sealed class RunCommandExitCodeTests
{
    private string _out = null!;

    [SetUp]
    public void Folder() => _out = Directory.CreateTempSubdirectory("conformance-cli-").FullName;

    [TearDown]
    public void Clean() => Directory.Delete(_out, recursive: true);

    private static string Node(string client) => $"node \"{Path.Combine(Repo.Clients, client, "client.mjs")}\"";

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public async Task CarefulClient_AllMustRulesPass_ExitsZero_AndWritesEveryReport()
    {
        var (code, output, err) = await Run("run", "--client", Node("node-careful"), "--name", "careful",
            "--filter", "encoding.utf8.two-byte-char-split", "--out", _out);

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), output + err);
        Assert.That(Directory.GetFiles(_out).Select(Path.GetFileName), Is.SupersetOf(new[] { "results.json", "junit.xml", "summary.md", "index.html" }));
    }

    [Test]
    public async Task NaiveClient_FailsAMustRule_ExitsOne_ThenBaselineAcceptsIt_ThenStaleBaselineExitsTwo()
    {
        var baseline = Path.Combine(_out, "known-failures.json");
        var failing = await Run("run", "--client", Node("node-no-stream-decode"), "--name", "client",
            "--filter", "encoding.utf8.two-byte-char-split", "--out", Path.Combine(_out, "1"), "--write-baseline", baseline);
        Assert.That(failing.Code, Is.EqualTo(ExitCodes.Failed), failing.Out + failing.Err);
        Assert.That(failing.Out, Does.Contain("sse.utf8.split"));

        var baselined = await Run("run", "--client", Node("node-no-stream-decode"), "--name", "client",
            "--filter", "encoding.utf8.two-byte-char-split", "--out", Path.Combine(_out, "2"), "--baseline", baseline);
        Assert.That(baselined.Code, Is.EqualTo(ExitCodes.Ok), baselined.Out + baselined.Err);

        // The bug is fixed (the careful client, same label): the baseline entry is now stale.
        var stale = await Run("run", "--client", Node("node-careful"), "--name", "client",
            "--filter", "encoding.utf8.two-byte-char-split", "--out", Path.Combine(_out, "3"), "--baseline", baseline);
        Assert.That(stale.Code, Is.EqualTo(ExitCodes.StaleBaseline), stale.Out + stale.Err);
    }

    [TestCase("--no-such-option")]
    [TestCase("--profile", "klingon")]
    [TestCase("--threshold", "7")]
    [TestCase("--filter", "no.such.scenario.*")]
    [TestCase("--format", "pdf")]
    public async Task UsageErrors_ExitThree(params string[] extra)
    {
        var (code, _, err) = await Run(["run", "--client", "true", "--out", _out, .. extra]);
        Assert.That(code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(err, Is.Not.Empty);
    }

    [Test]
    public async Task BrokenScenarioFolder_IsAHarnessError_ExitThree_NamingFileAndPath()
    {
        var dir = Path.Combine(_out, "scenarios", "framing");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "framing.bad.json"), """{ "id": "framing.bad", "titel": "typo" }""");

        var (code, _, err) = await Run("run", "--client", "true", "--scenarios", Path.Combine(_out, "scenarios"), "--out", _out);

        Assert.That(code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(err, Does.Contain("framing.bad.json").And.Contain("$.titel"));
    }
}
