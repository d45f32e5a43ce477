using System.Globalization;
using System.Text.Json;
using Conformance.Core.Journal;
using Conformance.Core.Observations;
using Conformance.Core.Scoring;

namespace Conformance.Core.Results;

/// <summary>
/// Keeps a scored case small enough to hold and report (docs/results-format.md, "Bounds"). A case is scored on
/// everything; what it keeps afterwards is bounded, so 100,000 events or one 8 MiB event cost the run a few
/// hundred KiB per case instead of tens of MB (measured: 843 MB of results.json and 9.5 GB RSS for the limits
/// family before these bounds). Offsets, lengths and times of every write, every non-chunk observation and every
/// verdict are always kept; what is cut is said in <see cref="CaseResult.Elided"/>.
/// </summary>
public static class ReportBounds
{
    /// <summary>Body bytes a response keeps from its start (the write that crosses the limit keeps a prefix).</summary>
    public const int HeadBytes = 256 * 1024;

    /// <summary>The last writes of a response keep their bytes too (up to <see cref="TailWriteBytes"/> each): the end is where the evidence is.</summary>
    public const int TailWrites = 8;

    public const int TailWriteBytes = 8 * 1024;

    /// <summary>Chunk observations and expected chunks kept from the start and from the end.</summary>
    public const int EdgeChunks = 200;

    /// <summary>
    /// Chunk observations a case whose every verdict passed keeps from each end: its chunks matched the expectation
    /// (which keeps <see cref="EdgeChunks"/>), so hundreds more of them would repeat it once per client.
    /// </summary>
    public const int PassingEdgeChunks = 5;

    /// <summary>Characters of an assembled message's text a passing case keeps (it equals the expected text, kept once in the expectation).</summary>
    public const int PassingTextLimit = 1024;

    /// <summary>A chunk, expected chunk or text longer than this (UTF-8 bytes / characters) is replaced by a placeholder or cut.</summary>
    public const int ValueLimit = 64 * 1024;

    public const string ElidedProperty = "$conformance.elided";

    /// <summary>Characters of a client's stderr (and a browser console log) kept: a client that prints a trace per chunk must not weigh on the run.</summary>
    public const int PrintedLimit = 16 * 1024;

    public static CaseResult Apply(CaseResult result, Expectation boundedExpectation)
    {
        ArgumentNullException.ThrowIfNull(result);
        var notes = new List<string>();
        var journal = Journal(result.Journal, notes);
        var passing = result.Verdicts.Count > 0 && Verdicts.Outcome(result.Verdicts.Select(v => v.Verdict)) is CaseOutcome.Passed or CaseOutcome.Info or CaseOutcome.Skipped;
        var observations = Observations(result.Observations, passing ? PassingEdgeChunks : EdgeChunks, passing ? PassingTextLimit : ValueLimit, notes);
        if (!ReferenceEquals(boundedExpectation, result.Expectation) && ExpectationNote(result.Expectation) is { } note) notes.Add(note);
        var stderr = Printed(result.Stderr, "stderr", notes);
        var attachments = result.Attachments.TryGetValue("console", out var console) && console.Length > PrintedLimit
            ? result.Attachments.ToDictionary(a => a.Key, a => a.Key == "console" ? Printed(a.Value, "console", notes) : a.Value)
            : result.Attachments;
        return notes.Count == 0 && ReferenceEquals(boundedExpectation, result.Expectation)
            ? result
            : result with
            {
                Journal = journal, Observations = observations, Expectation = boundedExpectation, Stderr = stderr, Attachments = attachments,
                Elided = notes.Count == 0 ? null : notes,
            };
    }

    /// <summary>The expectation as results.json keeps it: the first and last <see cref="EdgeChunks"/> chunks, big values and texts cut. The same instance when nothing needs cutting.</summary>
    public static Expectation Expectation(Expectation e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (ExpectationNote(e) is null) return e;
        var chunks = Edges(e.Chunks).Select(c => c.Json.Length > ValueLimit ? c with { Json = Placeholder(c.Json.Length) } : c).ToList();
        return e with
        {
            Chunks = chunks,
            Text = Cut(e.Text),
            Reasoning = e.Reasoning is null ? null : Cut(e.Reasoning),
            Dropped = [.. Edges(e.Dropped).Select(d => d.Data.Length > ValueLimit ? d with { Data = Cut(d.Data) } : d)],
            Events = [.. Edges(e.Events).Select(d => d.Data.Length > ValueLimit ? d with { Data = Cut(d.Data) } : d)],
        };
    }

    private static string? ExpectationNote(Expectation e)
    {
        var parts = new List<string>();
        if (e.Chunks.Count > 2 * EdgeChunks) parts.Add($"expected chunks #{EdgeChunks + 1}–#{e.Chunks.Count - EdgeChunks} of {e.Chunks.Count}");
        if (e.Dropped.Count > 2 * EdgeChunks) parts.Add($"dropped events #{EdgeChunks + 1}–#{e.Dropped.Count - EdgeChunks} of {e.Dropped.Count}");
        if (e.Events.Count > 2 * EdgeChunks) parts.Add($"expected events #{EdgeChunks + 1}–#{e.Events.Count - EdgeChunks} of {e.Events.Count}");
        var big = e.Chunks.Count(c => c.Json.Length > ValueLimit);
        if (big > 0) parts.Add($"{big} expected chunk(s) over {ValueLimit / 1024} KiB (placeholders)");
        if (e.Text.Length > ValueLimit) parts.Add($"the expected text after {ValueLimit} of {e.Text.Length} characters");
        if (e.Reasoning?.Length > ValueLimit || e.Dropped.Any(d => d.Data.Length > ValueLimit)) parts.Add("long reasoning or dropped data");
        if (e.Events.Any(d => d.Data.Length > ValueLimit)) parts.Add($"expected event data over {ValueLimit / 1024} Ki characters (cut)");
        return parts.Count == 0 ? null : "expectation: " + string.Join("; ", parts);
    }

    private static CaseJournal Journal(CaseJournal journal, List<string> notes)
    {
        var cutWrites = 0;
        long cutBytes = 0;
        var exchanges = journal.Exchanges.Select(x =>
        {
            if (x.Response is not { } r) return x;
            var kept = new List<JournalWrite>(r.Writes.Count);
            long budget = HeadBytes;
            for (var i = 0; i < r.Writes.Count; i++)
            {
                var w = r.Writes[i];
                var allowance = Math.Max(budget, i >= r.Writes.Count - TailWrites ? TailWriteBytes : 0);
                var keep = (int)Math.Min(w.Bytes.Length, allowance);
                budget = Math.Max(0, budget - keep);
                if (keep == w.Bytes.Length) { kept.Add(w); continue; }
                cutWrites++;
                cutBytes += w.Bytes.Length - keep;
                kept.Add(w with { Bytes = w.Bytes.AsSpan(0, keep).ToArray() });
            }
            return cutWrites == 0 ? x : x with { Response = r with { Writes = kept } };
        }).ToList();
        if (cutWrites == 0) return journal;
        notes.Add($"journal: {cutBytes.ToString("N0", CultureInfo.InvariantCulture)} body bytes of {cutWrites} write(s) (bytes shorter than length; offsets, lengths and times are all kept)");
        return journal with { Exchanges = exchanges };
    }

    private static IReadOnlyList<Observation> Observations(IReadOnlyList<Observation> observations, int edge, int textLimit, List<string> notes)
    {
        var drop = new HashSet<int>();
        // Chunks and SSE events (an events-level client) alike: the first and last `edge` of each kind are kept.
        foreach (var (kind, isKind) in new (string, Func<Observation, bool>)[] { ("chunks", o => o is ChunkObservation), ("events", o => o is EventObservation) })
        {
            var indexes = observations.Select((o, i) => (o, i)).Where(p => isKind(p.o)).Select(p => p.i).ToList();
            if (indexes.Count <= 2 * edge) continue;
            foreach (var i in indexes.Skip(edge).Take(indexes.Count - 2 * edge)) drop.Add(i);
            notes.Add($"observations: {kind} #{edge + 1}–#{indexes.Count - edge} of {indexes.Count} (every other observation is kept"
                      + (edge == PassingEdgeChunks ? "; every verdict passed, so they matched the expectation" : "") + ")");
        }
        var big = 0;
        var result = new List<Observation>(observations.Count - drop.Count);
        for (var i = 0; i < observations.Count; i++)
        {
            if (drop.Contains(i)) continue;
            switch (observations[i])
            {
                case ChunkObservation c when c.Data.GetRawText() is { Length: > ValueLimit } raw:
                    big++;
                    using (var doc = JsonDocument.Parse(Placeholder(raw.Length))) result.Add(c with { Data = doc.RootElement.Clone() });
                    break;
                case EventObservation e when e.Data.Length > ValueLimit:
                    big++;
                    result.Add(e with { Data = Cut(e.Data) });
                    break;
                case MessageObservation m when m.Content?.Length > textLimit || m.Reasoning?.Length > textLimit:
                    big++;
                    result.Add(m with { Content = m.Content is null ? null : Cut(m.Content, textLimit), Reasoning = m.Reasoning is null ? null : Cut(m.Reasoning, textLimit) });
                    break;
                case var o:
                    result.Add(o);
                    break;
            }
        }
        if (big > 0) notes.Add($"observations: {big} value(s) over {ValueLimit / 1024} KiB (a chunk becomes a placeholder naming its size, an event's data is cut) or a text over {textLimit / 1024} Ki characters (cut{(textLimit < ValueLimit ? "; every verdict passed, so it equals the expected text" : "")})");
        return drop.Count == 0 && big == 0 ? observations : result;
    }

    /// <summary>What a client printed, cut after <see cref="PrintedLimit"/> characters with a note in the text and in <c>elided</c>.</summary>
    private static string Printed(string text, string what, List<string> notes)
    {
        if (text.Length <= PrintedLimit) return text;
        notes.Add($"{what}: {(text.Length - PrintedLimit).ToString("N0", CultureInfo.InvariantCulture)} of {text.Length.ToString("N0", CultureInfo.InvariantCulture)} characters after the first {PrintedLimit.ToString("N0", CultureInfo.InvariantCulture)}");
        return string.Concat(text.AsSpan(0, PrintedLimit), $"…[{(text.Length - PrintedLimit).ToString(CultureInfo.InvariantCulture)} more characters not kept]");
    }

    private static IEnumerable<T> Edges<T>(IReadOnlyList<T> items) =>
        items.Count <= 2 * EdgeChunks ? items : items.Take(EdgeChunks).Concat(items.Skip(items.Count - EdgeChunks));

    private static string Placeholder(int length) =>
        $"{{\"{ElidedProperty}\":{{\"characters\":{length.ToString(CultureInfo.InvariantCulture)}}}}}";

    private static string Cut(string s, int limit = ValueLimit) =>
        s.Length <= limit ? s : string.Concat(s.AsSpan(0, limit), $"…[{(s.Length - limit).ToString(CultureInfo.InvariantCulture)} more characters not kept]");
}
