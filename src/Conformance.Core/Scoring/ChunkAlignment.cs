using Conformance.Core.Dialects;
using System.Text.Json;
using Conformance.Core.Scenarios;

namespace Conformance.Core.Scoring;

public enum AlignmentKind
{
    /// <summary>The observed chunk is the expected event.</summary>
    Match,
    /// <summary>An expected event the client never yielded.</summary>
    Missing,
    /// <summary>An observed chunk no expected event accounts for; <see cref="AlignedChunk.Phantom"/> says what it is.</summary>
    Extra,
    /// <summary>An observed chunk in the place of an expected event, but different (a garbled event).</summary>
    Differs,
}

/// <summary>One step of an alignment: indices into the expected and observed chunks (0-based), and for an extra, what it is.</summary>
public sealed record AlignedChunk(AlignmentKind Kind, int? Expected, int? Observed, string? Phantom = null, DroppedEvent? Source = null, string? Difference = null);

/// <summary>
/// Aligns the chunks a client yielded to the events the server sent by content, not position, so one
/// extra chunk (a ping yielded as content) is one deviation and not a shift of every later chunk. Greedy
/// with a bounded lookahead: linear on long streams, exact on the usual one-off deviations.
/// </summary>
public static class ChunkAlignment
{
    /// <summary>How far ahead a resynchronisation is looked for (extra or missing chunks in a row).</summary>
    public const int Lookahead = 16;

    public static IReadOnlyList<AlignedChunk> Align(Expectation expectation, IReadOnlyList<JsonElement> observed, IDialect api)
    {
        var expected = expectation.Chunks.Select(c => JsonDocument.Parse(c.Json).RootElement).ToList();
        return Sequence(expected.Count, observed.Count,
            (o, e) => JsonSemantics.Matches(expected[e], observed[o]),
            o => Extra(expectation, observed, o, api),
            (o, e) => JsonSemantics.Difference(expected[e], observed[o]));
    }

    /// <summary>
    /// The alignment itself, for any pair of sequences: <paramref name="match"/>(observed, expected) says when
    /// two are the same; <paramref name="extra"/> classifies an observed item nothing accounts for (an extra of
    /// a known phantom kind is never taken for a garbled event); <paramref name="difference"/> says how one
    /// that stands in an expected item's place differs.
    /// </summary>
    public static IReadOnlyList<AlignedChunk> Sequence(int expectedCount, int observedCount, Func<int, int, bool> match,
        Func<int, AlignedChunk> extra, Func<int, int, string?> difference)
    {
        var steps = new List<AlignedChunk>();
        int i = 0, j = 0;
        while (i < observedCount && j < expectedCount)
        {
            if (match(i, j)) { steps.Add(new(AlignmentKind.Match, j++, i++)); continue; }
            var resynced = false;
            for (var k = 1; k <= Lookahead && !resynced; k++)
            {
                if (j + k < expectedCount && match(i, j + k))
                {
                    for (var t = 0; t < k; t++) steps.Add(new(AlignmentKind.Missing, j + t, null));
                    j += k;
                    resynced = true;
                }
                else if (i + k < observedCount && match(i + k, j))
                {
                    for (var t = 0; t < k; t++) steps.Add(extra(i + t));
                    i += k;
                    resynced = true;
                }
            }
            if (resynced) continue;
            // In place of an expected item, but not it: a phantom if it is one, else a garbled one.
            var e = extra(i);
            if (e.Phantom != PhantomKinds.Unexplained) { steps.Add(e); i++; continue; }
            steps.Add(new(AlignmentKind.Differs, j, i, Difference: difference(i, j)));
            i++;
            j++;
        }
        for (; j < expectedCount; j++) steps.Add(new(AlignmentKind.Missing, j, null));
        for (; i < observedCount; i++) steps.Add(extra(i));
        return steps;
    }

    private static AlignedChunk Extra(Expectation expectation, IReadOnlyList<JsonElement> observed, int index, IDialect api)
    {
        var (kind, source) = Classify(expectation, observed[index], api);
        return new(AlignmentKind.Extra, null, index, kind, source);
    }

    /// <summary>What an extra chunk is: one of the events a correct client drops, a comment-like token, or unexplained.</summary>
    public static (string Kind, DroppedEvent? Source) Classify(Expectation expectation, JsonElement chunk, IDialect api)
    {
        if (chunk.ValueKind == JsonValueKind.String)
        {
            var token = chunk.GetString() ?? "";
            foreach (var d in expectation.Dropped)
                if (token.Length > 0 && (token == d.Data || token == TextOf(d.Data, api))) return (d.Kind, d);
            if (token.Contains("[DONE]", StringComparison.Ordinal)) return (PhantomKinds.Terminator, null);
            if (token.StartsWith(':') || token.Contains("keep-alive", StringComparison.OrdinalIgnoreCase)) return (PhantomKinds.Comment, null);
            return (PhantomKinds.Unexplained, null);
        }
        if (chunk.ValueKind == JsonValueKind.Object && chunk.TryGetProperty(Text.Placeholder.Property, out _))
            return expectation.Dropped.FirstOrDefault(d => d.Kind == PhantomKinds.TooDeep) is { } deep ? (deep.Kind, deep) : (PhantomKinds.Unexplained, null);
        foreach (var d in expectation.Dropped)
        {
            if (Parse(d.Data) is not { } wire) continue;
            // An empty object reports nothing, so it cannot be told apart from anything: not a match.
            if (!JsonSemantics.IsEmpty(chunk) && JsonSemantics.Matches(wire, chunk)) return (d.Kind, d);
        }
        return (PhantomKinds.Unexplained, null);
    }

    private static string? TextOf(string data, IDialect api)
    {
        if (Parse(data) is not { } e) return null;
        var a = new Assembly(api);
        a.Add(e);
        return a.Text.Length > 0 ? a.Text : null;
    }

    private static JsonElement? Parse(string data)
    {
        try { return JsonDocument.Parse(data).RootElement; }
        catch (JsonException) { return null; }
    }
}
