using System.Diagnostics;
using System.Text.RegularExpressions;
using Conformance.Cli;
using Conformance.Cli.Commands;
using Conformance.Tests.Support;

namespace Conformance.Tests.Cli;

/// <summary>
/// A fault of the harness (an unwritable --out, an unreadable scenario folder, a bug) exits 3 with one line on stderr,
/// never a stack trace; a bug's stack trace goes to a log file the line names.
/// </summary>
[TestFixture]
public sealed class HarnessFaultTests
{
    private const string OneCase = "encoding.utf8.two-byte-char-split";

    private string _temp = null!;

    [SetUp]
    public void Folder() => _temp = Directory.CreateTempSubdirectory("conformance-harness-").FullName;

    [TearDown]
    public void Clean() => Directory.Delete(_temp, recursive: true);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args) => await Run(CliApp.Commands, args);

    private static async Task<(int Code, string Out, string Err)> Run(IReadOnlyList<ICommand> commands, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, commands, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static void UnixOnly()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("/sys is the unwritable folder these tests use");
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Test]
    public async Task UnwritableOut_ExitsThree_WithOneLine_BeforeAnyCaseRuns()
    {
        UnixOnly();
        const string forbidden = "/sys/conformance-forbidden";
        var (code, output, err) = await Run("run", "--client", "true", "--filter", OneCase, "--out", forbidden);

        Assert.That(code, Is.EqualTo(ExitCodes.HarnessError));
        Assert.That(Lines(err), Is.EqualTo(new[] { $"conformance: cannot write reports to {forbidden}: Permission denied" }));
        Assert.That(output, Does.Not.Contain("Scoring"), "checked before the cases run: nothing is lost");
    }

    [Test]
    public async Task OutIsAFile_ExitsThree_WithOneLineNamingIt()
    {
        var file = Path.Combine(_temp, "taken");
        await File.WriteAllTextAsync(file, "x");
        var (code, _, err) = await Run("run", "--client", "true", "--filter", OneCase, "--out", file);

        Assert.That(code, Is.EqualTo(ExitCodes.HarnessError));
        Assert.That(Lines(err), Has.Length.EqualTo(1));
        Assert.That(err, Does.StartWith($"conformance: cannot write reports to {file}: "));
    }

    [Test]
    public async Task OutWritable_IsCreated_AndTheProbeLeavesNoFile()
    {
        var folder = Path.Combine(_temp, "new", "reports");
        ReportOutput.EnsureWritable(folder);
        Assert.That(Directory.Exists(folder), Is.True);
        Assert.That(Directory.EnumerateFileSystemEntries(folder), Is.Empty);
        await Task.CompletedTask;
    }

    [Test]
    public async Task UnreadableScenarioFolder_ExitsThree_WithOneLineNamingTheFolder()
    {
        var scenarios = Path.Combine(_temp, "scenarios");
        Directory.CreateDirectory(scenarios);
        var locked = Path.Combine(scenarios, "framing");
        Unreadable.Folder(locked);
        try
        {
            var (code, _, err) = await Run("run", "--client", "true", "--scenarios", scenarios, "--out", Path.Combine(_temp, "out"));

            Assert.That(code, Is.EqualTo(ExitCodes.HarnessError));
            Assert.That(Lines(err), Is.EqualTo(new[] { "invalid scenario: framing/: $: cannot read the folder: Permission denied" }));
        }
        finally { Unreadable.Restore(locked); }
    }

    [Test]
    public async Task HarnessBug_ExitsThree_WithOneLine_AndTheStackTraceInALogFile()
    {
        var (code, _, err) = await Run([new Throwing(new InvalidOperationException("the scorer lost a case\nsecond line"))], "boom", "--x", "1");

        Assert.That(code, Is.EqualTo(ExitCodes.HarnessError));
        var lines = Lines(err);
        Assert.That(lines, Has.Length.EqualTo(1));
        var match = Regex.Match(lines[0], @"^conformance: internal error, a bug in the harness: InvalidOperationException: the scorer lost a case second line \(stack trace in (?<log>.+conformance-crash-\d{8}-\d{6}-\d+\.log)\)$");
        Assert.That(match.Success, Is.True, lines[0]);
        var log = match.Groups["log"].Value;
        try
        {
            var text = await File.ReadAllTextAsync(log);
            Assert.That(text, Does.StartWith("conformance boom --x 1"));
            Assert.That(text, Does.Contain(nameof(Throwing)), "the stack trace");
        }
        finally { File.Delete(log); }
    }

    [Test]
    public async Task FileSystemFault_WithoutContext_IsOneLine_WithoutALog()
    {
        var (code, _, err) = await Run([new Throwing(new UnauthorizedAccessException("Access to the path '/x' is denied."))], "boom");

        Assert.That(code, Is.EqualTo(ExitCodes.HarnessError));
        Assert.That(Lines(err), Is.EqualTo(new[] { "conformance: Access to the path '/x' is denied." }));
    }

    [Test]
    public async Task HarnessException_IsOneLine()
    {
        var (code, _, err) = await Run([new Throwing(new HarnessException("cannot do it: because"))], "boom");
        Assert.That(code, Is.EqualTo(ExitCodes.HarnessError));
        Assert.That(Lines(err), Is.EqualTo(new[] { "conformance: cannot do it: because" }));
    }

    [Test]
    public async Task UnwritableOut_AsARealProcess_ExitsThree_NoUnhandledExceptionNoStack()
    {
        UnixOnly();
        // The shape CI sees: `conformance run --out /forbidden` used to abort with 134 and an unhandled IOException.
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "conformance.dll"), "run", "--client", "true", "--filter", OneCase, "--out", "/sys/conformance-forbidden" })
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var err = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.That(process.ExitCode, Is.EqualTo(ExitCodes.HarnessError), output + await err);
        Assert.That(Lines(await err), Is.EqualTo(new[] { "conformance: cannot write reports to /sys/conformance-forbidden: Permission denied" }));
    }

    /// <summary>A command with a bug in it.</summary>
    private sealed class Throwing(Exception ex) : ICommand
    {
        public string Name => "boom";
        public string Summary => "throws";
        public CommandDefinition Define() =>
            new(new System.CommandLine.Command(Name, Summary) { TreatUnmatchedTokensAsErrors = false }, (_, _, _) => throw ex);
    }
}
