using Conformance.Core.Capabilities;
using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>
/// At the events level, a reconnecting client dispatches every connection's events once, in order: nothing dispatched
/// again after reconnecting, nothing lost, and no event made of an incomplete one that the end of its connection cut
/// (WHATWG: "Once the end of the file is reached, any pending data must be discarded. (If the file ends in the middle
/// of an event, before the final empty line, the incomplete event is not dispatched.)"). Events are compared as
/// <see cref="EventAlignment"/> compares them: type, data exactly, and the last event id when the client reports it.
/// </summary>
public sealed class ReconnectEventsCheck : IRuleCheck
{
    private const string Again = "dispatched-again";

    public string Kind => CheckKinds.ReconnectEvents;

    public CheckResult Evaluate(ScoringInput input, Rule rule)
    {
        if (input.Expectation.Reconnection is not { } r) return CheckResult.NotApplicable("the case does not ask the client to reconnect");
        if (input.Level != ObservationLevel.Events)
            return CheckResult.NotApplicable($"{input.Level.Reports()}: the events of each connection are compared at the events level");
        var expected = r.Events;
        var observed = EventAlignment.Observed(input);
        var steps = ChunkAlignment.Sequence(expected.Count, observed.Count,
            (o, e) => EventAlignment.Difference(expected[e], observed[o]) is null,
            o => new AlignedChunk(AlignmentKind.Extra, null, o, expected.Any(e => EventAlignment.Difference(e, observed[o]) is null) ? Again : PhantomKinds.Unexplained),
            (o, e) => EventAlignment.Difference(expected[e], observed[o]));
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case AlignmentKind.Missing:
                {
                    var e = expected[step.Expected!.Value];
                    return CheckResult.Missed(
                        $"event #{step.Expected + 1} of the {expected.Count} the connections carried (attempt {e.Attempt}'s) was not dispatched (the client ended with {ScoringInput.Describe(input.Final)})",
                        EventAlignment.Show(e.Data), "(nothing)", ReconnectJournal.Locate(input.Journal, e.Attempt, e.CompleteAtOffset));
                }
                case AlignmentKind.Differs:
                {
                    var e = expected[step.Expected!.Value];
                    var o = observed[step.Observed!.Value];
                    var cut = o.Data.Length > e.Data.Length && o.Data.EndsWith(e.Data, StringComparison.Ordinal)
                        ? "; it begins with bytes the server sent before the event: an event cut by the end of its connection was completed by the next connection's bytes instead of being discarded"
                        : "";
                    return CheckResult.Missed($"event #{step.Observed + 1} differs from attempt {e.Attempt}'s event: {step.Difference}{cut}",
                        EventAlignment.Show(e.Data), EventAlignment.Show(o.Data), ReconnectJournal.Locate(input.Journal, e.Attempt, e.CompleteAtOffset));
                }
                case AlignmentKind.Extra:
                {
                    var o = observed[step.Observed!.Value];
                    var why = step.Phantom == Again
                        ? "the same event was already dispatched: an event of an earlier connection was dispatched again after reconnecting"
                        : "no connection carried it as a complete event (an event cut by the end of its connection is discarded, not dispatched)";
                    return CheckResult.Missed($"event #{step.Observed + 1} is extra: {why}", "(no such event)", EventAlignment.Show(o.Data), ReconnectJournal.Timeline(input.Journal));
                }
            }
        }
        return CheckResult.Met($"all {expected.Count} events of the {r.Connections.Count} connection(s) were dispatched once, in order (type, data, id)", ReconnectJournal.Timeline(input.Journal));
    }
}
