using System.Text.RegularExpressions;
using Conformance.Tests.Support;

namespace Conformance.Tests.Scripts;

/// <summary>
/// run.ps1 under real PowerShell against run.sh under bash, command by command: the same stdout and stderr
/// (byte for byte, but for the script's own name), the same exit codes, the same log on a failed build.
/// pwsh comes from .build/tools (scripts/install-deps.sh installs it there; <see cref="Pwsh"/>), so these
/// tests fail rather than pass when it is missing.
/// </summary>
[TestFixture]
[NonParallelizable] // both scripts build into the one .build/cli
public sealed partial class RunPs1Tests
{
    private string _pwsh = null!;
    private string _temp = null!;

    [OneTimeSetUp]
    public void FindPwsh() => _pwsh = Pwsh.Locate() ?? throw new AssertionException(Pwsh.Missing);

    [SetUp]
    public void Folder() => _temp = Directory.CreateTempSubdirectory("conformance-ps1-").FullName;

    [TearDown]
    public void Clean() => Directory.Delete(_temp, recursive: true);

    [Test]
    public async Task List_PrintsExactlyWhatRunShPrints_WithoutTheBuildBanner()
    {
        var (sh, ps) = await Both(Repo.Root, "list");

        Assert.That(ps.Code, Is.EqualTo(0), ps.Describe());
        AssertSame(sh, ps);
        Assert.That(ps.Out, Does.Contain("scenarios.\n").And.Not.Contain("Build succeeded").And.Not.Contain("Time Elapsed"));
    }

    [Test]
    public async Task Validate_BrokenFolder_ExitsOne_WithRunShsLocatedErrors()
    {
        var family = Directory.CreateDirectory(Path.Combine(_temp, "scenarios", "framing")).FullName;
        await File.WriteAllTextAsync(Path.Combine(family, "framing.bad.json"), """{ "id": "framing.bad", "titel": "typo" }""");

        var (sh, ps) = await Both(Repo.Root, "validate", Path.Combine(_temp, "scenarios"));

        Assert.That(sh.Code, Is.EqualTo(1), sh.Describe());
        Assert.That(ps.Code, Is.EqualTo(1), ps.Describe());
        AssertSame(sh, ps);
        Assert.That(ps.Out, Does.Contain("framing/framing.bad.json: $.titel: unknown property 'titel' (did you mean 'title'?)"));
    }

    [Test]
    public async Task Run_OneScenario_SameReportAndExitCode_AsRunSh()
    {
        string[] Args(string outDir) =>
        [
            "run", "--client", $"node \"{Path.Combine(Repo.Clients, "node-careful", "client.mjs")}\"", "--name", "careful",
            "--filter", "encoding.utf8.two-byte-char-split", "--out", outDir,
        ];
        var shOut = Path.Combine(_temp, "sh");
        var psOut = Path.Combine(_temp, "ps");

        var sh = await Script.RunAsync("bash", [Path.Combine(Repo.Root, "run.sh"), .. Args(shOut)], Repo.Root);
        var ps = await Script.RunAsync(_pwsh, [.. Pwsh.Flags, Path.Combine(Repo.Root, "run.ps1"), .. Args(psOut)], Repo.Root);

        Assert.That(sh.Code, Is.EqualTo(0), sh.Describe());
        Assert.That(ps.Code, Is.EqualTo(0), ps.Describe());
        Assert.That(ps.Out.Replace(psOut, "<out>", StringComparison.Ordinal), Is.EqualTo(sh.Out.Replace(shOut, "<out>", StringComparison.Ordinal)));
        Assert.That(ps.Err, Is.EqualTo(sh.Err));
        Assert.That(ps.Out, Does.Contain("careful — score 100%"));
        Assert.That(Directory.GetFiles(psOut).Select(Path.GetFileName), Is.SupersetOf(new[] { "results.json", "junit.xml", "summary.md", "index.html" }));
    }

    [Test]
    public async Task FailedBuild_PrintsTheLogToStderr_KeepsItInCliBuildLog_ExitsThree_LikeRunSh()
    {
        // A checkout whose CLI does not compile: both scripts, copied next to it, build it for real.
        var cli = Directory.CreateDirectory(Path.Combine(_temp, "src", "Conformance.Cli")).FullName;
        await File.WriteAllTextAsync(Path.Combine(cli, "Conformance.Cli.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><OutputType>Exe</OutputType><AssemblyName>conformance</AssemblyName></PropertyGroup>
            </Project>
            """);
        // A non-ASCII file name: the log and stderr must carry its UTF-8 bytes unchanged.
        await File.WriteAllTextAsync(Path.Combine(cli, "Brüche.cs"), "class Broken { void M() { int x = } }\n");
        File.Copy(Path.Combine(Repo.Root, "run.sh"), Path.Combine(_temp, "run.sh"));
        File.Copy(Path.Combine(Repo.Root, "run.ps1"), Path.Combine(_temp, "run.ps1"));

        var sh = await Script.RunAsync("bash", [Path.Combine(_temp, "run.sh"), "list"], _temp);
        var shLog = await File.ReadAllTextAsync(Path.Combine(_temp, ".build", "cli-build.log"));
        foreach (var leftover in new[] { ".build", "src/Conformance.Cli/obj", "src/Conformance.Cli/bin" })
            if (Directory.Exists(Path.Combine(_temp, leftover))) Directory.Delete(Path.Combine(_temp, leftover), recursive: true);
        var ps = await Script.RunAsync(_pwsh, [.. Pwsh.Flags, Path.Combine(_temp, "run.ps1"), "list"], _temp);
        var psLog = await File.ReadAllTextAsync(Path.Combine(_temp, ".build", "cli-build.log"));

        Assert.That(sh.Code, Is.EqualTo(3), sh.Describe());
        Assert.That(ps.Code, Is.EqualTo(3), ps.Describe());
        Assert.That(psLog, Does.Contain("Brüche.cs(1,35): error CS1525"));
        Assert.That(Normalize(psLog), Is.EqualTo(Normalize(shLog)));
        Assert.That(ps.Out, Is.Empty);
        Assert.That(ps.Err, Is.EqualTo(psLog + "run.ps1: build failed (log: .build/cli-build.log)\n"));
        Assert.That(Normalize(ps.Err), Is.EqualTo(Normalize(sh.Err)));
    }

    private async Task<(ScriptResult Sh, ScriptResult Ps)> Both(string cwd, params string[] args)
    {
        var sh = await Script.RunAsync("bash", [Path.Combine(Repo.Root, "run.sh"), .. args], cwd);
        var ps = await Script.RunAsync(_pwsh, [.. Pwsh.Flags, Path.Combine(Repo.Root, "run.ps1"), .. args], cwd);
        return (sh, ps);
    }

    private static void AssertSame(ScriptResult sh, ScriptResult ps)
    {
        Assert.That(ps.Code, Is.EqualTo(sh.Code), $"exit codes differ\nrun.sh: {sh.Describe()}\nrun.ps1: {ps.Describe()}");
        Assert.That(ps.Out, Is.EqualTo(sh.Out), "stdout differs");
        Assert.That(ps.Err, Is.EqualTo(sh.Err), "stderr differs");
    }

    /// <summary>What may differ between two builds and two shells: the elapsed time and the script's name.</summary>
    private static string Normalize(string text) =>
        ElapsedTime().Replace(text, "Time Elapsed <t>").Replace("run.ps1: ", "run.<sh>: ", StringComparison.Ordinal).Replace("run.sh: ", "run.<sh>: ", StringComparison.Ordinal);

    [GeneratedRegex(@"Time Elapsed [0-9:.]+")]
    private static partial Regex ElapsedTime();
}
