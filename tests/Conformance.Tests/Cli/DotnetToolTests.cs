using System.Text.Json;
using Conformance.Tests.Support;

namespace Conformance.Tests.Cli;

/// <summary>
/// The installable tool (issue 13): `dotnet pack` of the CLI, `dotnet tool install --tool-path`, then `conformance run` from an
/// empty folder with nothing checked out: the catalogues and the reference clients come with the tool, and `--scenarios`
/// adds the user's own folder beside the built-in catalogue. One test, run once: packing takes a while.
/// </summary>
[TestFixture]
[NonParallelizable]
[Category("Pack")]
public sealed class DotnetToolTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Test]
    public async Task PackedTool_Installed_RunsFromAnEmptyFolder_WithTheBuiltInCatalogue_AndTheUsersOwnScenarios()
    {
        var temp = Directory.CreateTempSubdirectory("conformance-tool-").FullName;
        try
        {
            var (packages, tools, work) = (Path.Combine(temp, "packages"), Path.Combine(temp, "tools"), Path.Combine(temp, "empty"));
            Directory.CreateDirectory(work);
            // --no-build: the suite's own build of the CLI is what gets packed (pack still publishes, with the content files).
            var pack = await Script.RunAsync("dotnet", ["pack", Path.Combine(Repo.Root, "src", "Conformance.Cli", "Conformance.Cli.csproj"),
                "-c", Configuration, "--no-build", "--nologo", "-v", "q", "-o", packages], Repo.Root, timeoutSeconds: 600);
            Assert.That(pack.Code, Is.Zero, pack.Out + pack.Err);
            var install = await Script.RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "conformance", "--add-source", packages, "--version", "0.1.0"], temp);
            Assert.That(install.Code, Is.Zero, install.Out + install.Err);
            var conformance = Path.Combine(tools, "conformance");
            var installed = Directory.GetDirectories(Path.Combine(tools, ".store", "conformance"), "any", SearchOption.AllDirectories).Single();
            Assert.That(Directory.GetFiles(Path.Combine(installed, "scenarios"), "*.json", SearchOption.AllDirectories), Has.Length.GreaterThan(100), "the scenario catalogue ships with the tool");
            Assert.That(File.Exists(Path.Combine(installed, "rules", "rules.json")), Is.True);
            var bundled = Path.Combine(installed, "clients", "node-careful", "client.mjs");
            Assert.That(File.Exists(bundled), Is.True, "the reference clients ship with the tool");

            // The user's own scenario, beside the built-in ones: a copy of one under another id.
            var mine = Path.Combine(work, "my-scenarios", "mine");
            Directory.CreateDirectory(mine);
            var source = File.ReadAllText(Path.Combine(installed, "scenarios", "encoding", "encoding.utf8.two-byte-char-split.json"));
            File.WriteAllText(Path.Combine(mine, "mine.utf8.split.json"), source.Replace("\"encoding.utf8.two-byte-char-split\"", "\"mine.utf8.split\"", StringComparison.Ordinal));

            var run = await Script.RunAsync(conformance, ["run", "--client", $"node \"{bundled}\"", "--apis", "openai-chat",
                "--scenarios", "my-scenarios", "--filter", "mine.*,encoding.utf8.two-byte-char-split,framing.crlf.*", "--out", "out"], work);

            Assert.That(run.Code, Is.Zero, run.Out + run.Err);
            using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(work, "out", "results.json")));
            var scenarios = results.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("scenarioId").GetString()).ToList();
            Assert.That(scenarios, Does.Contain("mine.utf8.split").And.Contain("encoding.utf8.two-byte-char-split"));
            Assert.That(results.RootElement.GetProperty("tool").GetProperty("version").GetString(), Does.StartWith("0.1.0"));
        }
        finally { Directory.Delete(temp, recursive: true); }
    }
}
