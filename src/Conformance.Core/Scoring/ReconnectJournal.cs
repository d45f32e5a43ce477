using System.Text;
using Conformance.Core.Journal;

namespace Conformance.Core.Scoring;

/// <summary>Reading a reconnecting client's requests from the journal: the gaps between connections, its headers, evidence lines.</summary>
public static class ReconnectJournal
{
    /// <summary>
    /// Milliseconds from the end of attempt <paramref name="attempt"/> − 1's response to the arrival of attempt
    /// <paramref name="attempt"/>'s request, both on the server's clock (as <see cref="Checks.RetryWaitCheck"/> measures).
    /// </summary>
    public static double Gap(CaseJournal journal, int attempt)
    {
        var previous = journal.Exchanges[attempt - 2];
        var endedAt = previous.Request.At.AddMilliseconds(previous.Response?.EndedAtMs ?? 0);
        return (journal.Exchanges[attempt - 1].Request.At - endedAt).TotalMilliseconds;
    }

    /// <summary>
    /// The Last-Event-ID values of a request, decoded as UTF-8 ("encoded as UTF-8"): the server keeps header bytes as
    /// Latin-1 characters, one per byte, so they are turned back into bytes first.
    /// </summary>
    public static IReadOnlyList<string> LastEventIds(JournalRequest request) =>
        [.. request.Headers.Where(h => h.Key.Equals("Last-Event-ID", StringComparison.OrdinalIgnoreCase)).Select(h => Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(h.Value)))];

    /// <summary>Whether the raw header is <paramref name="id"/> encoded as Latin-1 rather than UTF-8 (only ids beyond ASCII can tell).</summary>
    public static bool SentAsLatin1(JournalRequest request, string id) =>
        id.Any(c => c > 0x7F && c <= 0xFF)
        && request.Headers.Any(h => h.Key.Equals("Last-Event-ID", StringComparison.OrdinalIgnoreCase) && h.Value == id);

    /// <summary>"attempt 1: 200, ended fin at 130 ms; attempt 2 (+212 ms): 204, ended plain at 1 ms".</summary>
    public static string Timeline(CaseJournal journal)
    {
        if (journal.Exchanges.Count == 0) return "no request in the journal";
        var parts = new List<string>();
        for (var i = 0; i < journal.Exchanges.Count; i++)
        {
            var e = journal.Exchanges[i];
            var gap = i == 0 ? "" : $" (+{Gap(journal, i + 1):0} ms)";
            var id = LastEventIds(e.Request) is [var first, ..] ? $", Last-Event-ID {Show(first)}" : "";
            var response = e.Response is { } r ? $"{r.Status}, ended {r.Ended} at {r.EndedAtMs:0} ms" : "no response";
            parts.Add($"attempt {e.Attempt}{gap}{id}: {response}");
        }
        return string.Join("; ", parts);
    }

    /// <summary>"attempt 2, write #3 of 4 (body bytes …)" for the write of <paramref name="attempt"/> that completes <paramref name="offset"/>.</summary>
    public static string Locate(CaseJournal journal, int attempt, int offset)
    {
        if (attempt > journal.Exchanges.Count || journal.Exchanges[attempt - 1].Response is not { } r) return $"attempt {attempt}: not in the journal";
        return Transcript.WriteHolding(r, offset) is { } w
            ? $"attempt {attempt}, write #{w.Index + 1} of {r.Writes.Count} (body bytes {w.Write.Offset}–{w.Write.Offset + w.Write.Length - 1}, sent at {w.Write.AtMs:0.#} ms)"
            : $"attempt {attempt}, body byte {offset - 1}: beyond the {r.Writes.Sum(x => x.Length)} bytes the server sent";
    }

    /// <summary>An id for a verdict: quoted, with NUL, CR and LF visible.</summary>
    public static string Show(string? id) => id is null ? "(no header)" : "\"" + id.Replace("\0", "\\0").Replace("\r", "\\r").Replace("\n", "\\n") + "\"";
}
