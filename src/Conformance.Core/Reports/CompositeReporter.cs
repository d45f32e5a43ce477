using Conformance.Core.Results;

namespace Conformance.Core.Reports;

/// <summary>Writes several reports into one folder (reports/&lt;run&gt;/ by default, --out chooses).</summary>
public sealed class CompositeReporter(IReadOnlyList<IReporter> reporters)
{
    public CompositeReporter() : this(Conformance.Core.Reports.Reporters.All) { }

    public IReadOnlyList<IReporter> Reporters { get; } = reporters;

    /// <summary>Writes every report into <paramref name="folder"/> (created if missing); returns the paths written, in order.</summary>
    public async Task<IReadOnlyList<string>> WriteAllAsync(RunResult run, string folder, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        foreach (var reporter in Reporters)
        {
            ct.ThrowIfCancellationRequested();
            var path = Path.Combine(folder, reporter.FileName);
            // Render into memory first so a reporter bug never leaves a half-written file behind.
            using var buffer = new MemoryStream();
            reporter.Write(run, buffer);
            await File.WriteAllBytesAsync(path, buffer.ToArray(), ct).ConfigureAwait(false);
            written.Add(path);
        }
        return written;
    }

    /// <summary>A folder name for a run: its start time, sortable and safe on every file system (e.g. 20261123-155838).</summary>
    public static string RunFolderName(RunResult run) =>
        run.StartedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
}
