using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>
/// Each request carries <c>Last-Event-ID</c> equal to the last event ID string after the connections before it, encoded
/// as UTF-8, and none while that string is empty (WHATWG: "If the EventSource object's last event ID string is not the
/// empty string, then: Let lastEventIDValue be the EventSource object's last event ID string, encoded as UTF-8"). The
/// expected strings come from <see cref="ExpectationBuilder"/>: an <c>id:</c> with NUL is ignored, an empty one resets,
/// an id in an event cut by the end of its connection never reaches the string.
/// </summary>
public sealed class LastEventIdCheck : IRuleCheck
{
    public string Kind => CheckKinds.LastEventId;

    public CheckResult Evaluate(ScoringInput input, Rule rule)
    {
        if (input.Expectation.Reconnection is not { } r) return CheckResult.NotApplicable("the case does not ask the client to reconnect");
        var exchanges = input.Journal.Exchanges;
        if (exchanges.Count < 2 && r.Connections.Count >= 2)
            return CheckResult.NotApplicable("not reached: the client did not reconnect, so it sent no Last-Event-ID");
        var seen = new List<string>();
        for (var i = 0; i < Math.Min(exchanges.Count, r.Connections.Count); i++)
        {
            var request = exchanges[i].Request;
            var expected = r.Connections[i].LastEventId;
            var values = ReconnectJournal.LastEventIds(request);
            var evidence = $"request {i + 1} arrived at {request.At:HH:mm:ss.fff}; {ReconnectJournal.Timeline(input.Journal)}";
            if (values.Count > 1)
                return CheckResult.Missed($"request {i + 1} carried Last-Event-ID {values.Count} times", ReconnectJournal.Show(expected), string.Join(", ", values.Select(ReconnectJournal.Show)), evidence);
            var observed = values.Count == 0 ? null : values[0];
            var what = i == 0 ? "the first request" : $"request {i + 1} (reconnection {i})";
            if (observed != expected)
            {
                var reason = (expected, observed) switch
                {
                    (not null, null) => $"{what} carried no Last-Event-ID; the last event ID string after attempt {i} is {ReconnectJournal.Show(expected)}",
                    (null, not null) when i == 0 => $"{what} carried Last-Event-ID {ReconnectJournal.Show(observed)} before any event was seen",
                    (null, not null) => $"{what} carried Last-Event-ID {ReconnectJournal.Show(observed)}, but the last event ID string after attempt {i} is empty, and then no header is sent",
                    _ => $"{what} carried Last-Event-ID {ReconnectJournal.Show(observed)}; the last event ID string after attempt {i} is {ReconnectJournal.Show(expected)}",
                };
                if (expected is not null && ReconnectJournal.SentAsLatin1(request, expected)) reason += ": the id was sent as Latin-1, not \"encoded as UTF-8\"";
                return CheckResult.Missed(reason, ReconnectJournal.Show(expected), ReconnectJournal.Show(observed), evidence);
            }
            seen.Add(ReconnectJournal.Show(observed));
        }
        return CheckResult.Met($"every request carried the expected Last-Event-ID: {string.Join(", ", seen)}", ReconnectJournal.Timeline(input.Journal));
    }
}
