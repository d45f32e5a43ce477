using System.CommandLine;
using Conformance.Cli.Commands;
using Conformance.Core.Diagnostics;
using Conformance.Core.Gating;
using Conformance.Core.Reports;
using Conformance.Core.Results;

namespace Conformance.Cli;

/// <summary>
/// The report and gate options that <c>run</c>, <c>proxy</c>, <c>lint</c> and <c>merge</c> share (<c>--out</c>, <c>--format</c>,
/// <c>--baseline</c>, <c>--threshold</c>) and what each does with a finished run: write every chosen
/// report through <see cref="CompositeReporter"/>, evaluate the gate, print the console summary.
/// </summary>
internal sealed record ReportOutput
{
    public required IReadOnlyList<IReporter> Reporters { get; init; }
    public Baseline? Baseline { get; init; }
    public double? Threshold { get; init; }
    /// <summary>The report folder; null = reports/&lt;<see cref="CompositeReporter.RunFolderName"/>&gt;.</summary>
    public string? OutDir { get; init; }

    /// <summary>The four options, defined once; <see cref="Read"/> turns a parse into the output.</summary>
    public sealed class Options
    {
        private readonly Option<string?> _out = SharedOptions.Out("DIR", "report folder (default: reports/<timestamp>)");
        private readonly Option<string?> _format = SharedOptions.Text("--format", "LIST",
            $"reports to write, comma-separated: {string.Join(",", Core.Reports.Reporters.All.Select(r => r.Name))} (default: all)");
        private readonly Option<string?> _baseline = SharedOptions.Text("--baseline", "FILE",
            "known failures (case + rule pairs) that do not fail the run; stale entries exit 2");
        private readonly Option<double?> _threshold = SharedOptions.Number("--threshold", "X",
            "pass when each client's MUST score (0..1) is at least X");

        public Options() => _format.CompletionSources.Add([.. Core.Reports.Reporters.All.Select(r => r.Name)]);

        public void AddTo(Command command)
        {
            command.Options.Add(_out);
            command.Options.Add(_format);
            command.Options.Add(_baseline);
            command.Options.Add(_threshold);
        }

        /// <summary>Reads the options; a bad value is a <see cref="UsageException"/>, an unwritable folder a <see cref="HarnessException"/>.</summary>
        public ReportOutput Read(ParseResult parse) =>
            Create(parse.GetValue(_out), parse.GetValue(_format), parse.GetValue(_baseline), parse.GetValue(_threshold));
    }

    private static ReportOutput Create(string? outDir, string? formats, string? baselinePath, double? threshold)
    {
        formats ??= string.Join(",", Core.Reports.Reporters.All.Select(r => r.Name));
        var formatErrors = new List<string>();
        var reporters = Core.Reports.Reporters.Parse(formats, "--format", formatErrors);
        if (formatErrors.Count > 0) throw new UsageException(string.Join("; ", formatErrors));
        if (threshold is < 0 or > 1) throw new UsageException($"--threshold is a share of MUST rules passed, between 0 and 1; got {threshold}");
        Baseline? baseline = null;
        if (baselinePath is not null)
        {
            try { baseline = Baseline.Load(baselinePath); }
            catch (Exception ex) when (ex is BaselineFormatException or IOException) { throw new UsageException($"--baseline {baselinePath}: {ex.Message}"); }
        }
        var output = new ReportOutput { Reporters = reporters, Baseline = baseline, Threshold = threshold, OutDir = outDir };
        // Before any case runs: a run whose reports cannot be written is lost work.
        EnsureWritable(outDir ?? RepoPaths.Reports);
        return output;
    }

    /// <summary>Creates <paramref name="folder"/> if needed and proves a file can be written there, or throws a one-line <see cref="HarnessException"/>.</summary>
    internal static void EnsureWritable(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".conformance-write-probe-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (IoErrors.IsIo(ex))
        {
            throw new HarnessException(CannotWrite(folder, ex), ex);
        }
    }

    private static string CannotWrite(string folder, Exception ex) => $"cannot write reports to {folder}: {IoErrors.Reason(ex)}";

    /// <summary>Writes the reports, prints the summary and the files written, and returns the gate (its ExitCode is the command's).</summary>
    /// <param name="showGate">False when the caller decides the exit code itself (the main job's self-check), so the
    /// summary does not announce a gate verdict that is not the command's.</param>
    /// <remarks>
    /// Writing is not cancelled by <paramref name="ct"/>: the reports are what the run was for, and an interrupt that
    /// arrives now (or that made the run partial) must not lose them. An interrupted run gets no gate verdict.
    /// </remarks>
    public async Task<GateOutcome> WriteAsync(RunResult run, Console2 console, bool showGate, CancellationToken ct)
    {
        if (run.Interrupted) showGate = false;
        var folder = OutDir ?? Path.Combine(RepoPaths.Reports, CompositeReporter.RunFolderName(run));
        IReadOnlyList<string> written;
        try { written = await new CompositeReporter(Reporters).WriteAllAsync(run, folder, CancellationToken.None).ConfigureAwait(false); }
        catch (Exception ex) when (IoErrors.IsIo(ex)) { throw new HarnessException(CannotWrite(folder, ex), ex); }
        var gate = GateEvaluator.Evaluate(run, Baseline, Threshold);
        console.Out.WriteLine();
        console.Out.WriteLine(ConsoleSummary.Render(run, showGate ? gate : null));
        foreach (var path in written) console.Out.WriteLine($"  wrote {Path.GetFullPath(path)}");
        if (run.Interrupted)
            console.Out.WriteLine($"interrupted: the reports hold the {run.Cases.Count} case(s) that finished; the clients still running were stopped. exit {ExitCodes.Interrupted}");
        return gate;
    }
}
