using Conformance.Cli;
using Conformance.Tests.Support;

namespace Conformance.Tests.Cli;

/// <summary>explore's usage errors: one clear line and exit 3, before any client runs.</summary>
[TestFixture]
public sealed class ExploreCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static readonly string Careful = $"node \"{Path.Combine(Repo.Clients, "node-careful", "client.mjs")}\"";

    [TestCase(new[] { "explore", "--out", "/tmp/x" }, "--client is required")]
    [TestCase(new[] { "explore", "--client", "node a.mjs" }, "--out is required")]
    [TestCase(new[] { "explore", "--client", "a", "--client", "b", "--out", "/tmp/x" }, "explore takes one --client")]
    [TestCase(new[] { "explore", "--client", "a", "--out", "/tmp/x", "--budget", "0" }, "--budget expects an integer ≥ 1")]
    [TestCase(new[] { "explore", "--client", "a", "--out", "/tmp/x", "--filter", "nothing.matches" }, "matches no scenario")]
    public async Task UsageErrors_ExitThree_WithOneLine(string[] args, string message)
    {
        var (code, _, err) = await Run(args);
        Assert.That(code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(err.Split('\n')[0], Does.Contain(message));
    }

    [Test]
    public async Task UnwritableOut_IsAHarnessError()
    {
        var (code, _, err) = await Run("explore", "--client", Careful, "--out", "/proc/conformance-explore", "--filter", "framing.lf.basic-stream");
        Assert.That(code, Is.EqualTo(ExitCodes.HarnessError));
        Assert.That(err, Does.StartWith("conformance: cannot write reports to /proc/conformance-explore"));
    }
}
