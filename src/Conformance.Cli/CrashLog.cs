using System.Globalization;

namespace Conformance.Cli;

/// <summary>
/// Where a bug in the harness leaves its stack trace: a file in the temp folder
/// (<c>$TMPDIR/conformance-crash-&lt;utc time&gt;-&lt;pid&gt;.log</c>), so stderr stays one line and the detail is not lost.
/// </summary>
internal static class CrashLog
{
    /// <summary>Writes the log and returns its path, or null when even that fails (the one-line message still stands).</summary>
    public static string? TryWrite(Exception ex, IReadOnlyList<string> args, TimeProvider? time = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        var path = Path.Combine(Path.GetTempPath(),
            $"conformance-crash-{now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}-{Environment.ProcessId}.log");
        try
        {
            File.WriteAllText(path, $"""
                conformance {string.Join(" ", args)}
                at {now.ToString("O", CultureInfo.InvariantCulture)}, pid {Environment.ProcessId}, in {Environment.CurrentDirectory}

                {ex}

                """);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
