using Conformance.Core.Diagnostics;
using Conformance.Core.Gating;
using Conformance.Core.Reports;
using Conformance.Core.Results;

namespace Conformance.Cli;

/// <summary>
/// The report and gate options that <c>run</c> and <c>proxy</c> share (<c>--out</c>, <c>--format</c>,
/// <c>--baseline</c>, <c>--threshold</c>) and what both do with a finished run: write every chosen
/// report through <see cref="CompositeReporter"/>, evaluate the gate, print the console summary.
/// </summary>
internal sealed record ReportOutput
{
    public const string Usage = """
          --out DIR             report folder (default reports/<timestamp>)
          --format LIST         reports to write: json,junit,markdown,html (default: all)
          --baseline FILE       known failures (case + rule pairs) that do not fail the run; stale entries exit 2
          --threshold X         pass when each client's MUST score (0..1) is at least X
        """;

    public required IReadOnlyList<IReporter> Reporters { get; init; }
    public Baseline? Baseline { get; init; }
    public double? Threshold { get; init; }
    /// <summary>The report folder; null = reports/&lt;<see cref="CompositeReporter.RunFolderName"/>&gt;.</summary>
    public string? OutDir { get; init; }

    /// <summary>Reads the shared options; a bad value is a <see cref="UsageException"/>. Call before <see cref="ArgReader.RejectUnknown"/>.</summary>
    public static ReportOutput FromArgs(ArgReader args)
    {
        var outDir = args.Value("out");
        var formats = args.Value("format") ?? string.Join(",", Core.Reports.Reporters.All.Select(r => r.Name));
        var baselinePath = args.Value("baseline");
        var threshold = args.Double("threshold");

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
