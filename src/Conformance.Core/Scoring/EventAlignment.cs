using Conformance.Core.Observations;

namespace Conformance.Core.Scoring;

/// <summary>
/// The <c>events</c> level: the SSE events a parser library dispatched, aligned to the reference parser's.
/// Two events are the same when their data is equal to the character, their type is equal ("message" when
/// the client reports none) and, when the client reports an id, the last event id is equal.
/// </summary>
public static class EventAlignment
{
    public static IReadOnlyList<ExpectedEvent> Expected(ScoringInput input)
    {
        var events = input.Expectation.Events;
        return input.Scenario.Client.CancelAfter is { } n && n < events.Count ? [.. events.Take(n)] : events;
    }

    public static IReadOnlyList<EventObservation> Observed(ScoringInput input) => [.. input.Observations.OfType<EventObservation>()];

    public static IReadOnlyList<AlignedChunk> Align(ScoringInput input)
    {
        var expected = Expected(input);
        var observed = Observed(input);
        var steps = ChunkAlignment.Sequence(expected.Count, observed.Count,
            (o, e) => Difference(expected[e], observed[o]) is null,
            o => new AlignedChunk(AlignmentKind.Extra, null, o, observed[o].Data.Length == 0 ? PhantomKinds.NoData : PhantomKinds.Unexplained),
            (o, e) => Difference(expected[e], observed[o]));
        // An event that differs only in carrying the type a block with no data set just before it: the parser did
        // not reset the event type with that block (WHATWG), which is the no-data rule's deviation, not a garbled event.
        return [.. steps.Select(s => s.Kind == AlignmentKind.Differs && LeakedType(input, expected, s.Expected!.Value, observed[s.Observed!.Value]) is { } block
            ? s with { Phantom = PhantomKinds.NoData, Source = block, Difference = $"carries the type \"{block.EventType}\" of the block with no data before it: the event type was not reset with that block" }
            : s)];
    }

    private static DroppedEvent? LeakedType(ScoringInput input, IReadOnlyList<ExpectedEvent> expected, int e, EventObservation observed)
    {
        var x = expected[e];
        if (observed.Data != x.Data || observed.Event is not { Length: > 0 } type || type == x.Type) return null;
        var lo = e == 0 ? 0 : expected[e - 1].CompleteAtOffset;
        return input.Expectation.Dropped.LastOrDefault(d => d.Kind == PhantomKinds.NoData && d.EventType == type && d.CompleteAtOffset > lo && d.CompleteAtOffset < x.CompleteAtOffset);
    }

    public static string? Difference(ExpectedEvent expected, EventObservation observed)
    {
        var type = observed.Event is { Length: > 0 } t ? t : "message";
        if (type != expected.Type) return $"type \"{type}\", the server's event is \"{expected.Type}\"";
        if (observed.Data != expected.Data) return $"data {Show(observed.Data)}, the server's event carries {Show(expected.Data)}";
        if (observed.Id is { } id && id != (expected.Id ?? "")) return $"last event id \"{id}\", the server's is \"{expected.Id ?? ""}\"";
        return null;
    }

    public static string Show(string s) => "\"" + ScoringInput.Short(s, 80).Replace("\r", "\\r").Replace("\n", "\\n").Replace("\uFFFD", "\\uFFFD") + "\"";
}
