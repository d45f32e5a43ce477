using Conformance.Cli;

namespace Conformance.Tests.Cli;

/// <summary>`validate` through the real command line: located errors, exit 1, never a crash.</summary>
[TestFixture]
public sealed class ValidateCommandTests
{
    private string _dir = null!;

    [SetUp]
    public void Folder() => _dir = Directory.CreateTempSubdirectory("conformance-validate-").FullName;

    [TearDown]
    public void Clean() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Test]
    public async Task SplitOffsetsUnsortedAndPastTheBody_ExitOne_WithEachOffsetLocated()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "framing"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "framing", "framing.offsets.bad.json"), """
            { "id": "framing.offsets.bad", "title": "t", "description": "d", "rules": ["sse.framing.lf"], "api": "openai-chat",
              "responses": [ { "stream": { "events": [ { "content": "Hello" }, { "done": true } ],
                                           "transport": { "split": { "mode": "offsets", "at": [5, 3, 999999] }, "delayMs": 20 } } } ] }
            """);

        var (code, output, err) = await Run("validate", _dir);

        Assert.That(code, Is.EqualTo(ExitCodes.Failed), output + err);
        Assert.That(output, Does.Contain("framing/framing.offsets.bad.json: $.responses[0].stream.transport.split.at[1]: offsets must be strictly increasing: 3 follows 5\n"));
        Assert.That(output, Does.Contain("framing/framing.offsets.bad.json: $.responses[0].stream.transport.split.at[2]: offset 999999 is not inside the body: it has "));
        Assert.That(output, Does.Contain("2 errors in 1 files; 0 scenarios valid."));
    }

    [Test]
    public async Task TheBundledCatalogue_Validates_ExitZero()
    {
        var (code, output, err) = await Run("validate");
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), output + err);
        Assert.That(output, Does.Match(@"^\d+ scenarios valid in "));
    }
}
