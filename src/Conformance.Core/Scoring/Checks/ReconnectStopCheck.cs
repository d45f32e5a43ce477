using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>
/// A response that fails the connection ends reconnecting: 204 No Content, a Content-Type other than text/event-stream,
/// any status other than 200 (WHATWG: "if res's status is not 200, or if res's `Content-Type` is not
/// `text/event-stream`, then fail the connection"; "Once the user agent has failed the connection, it does not attempt
/// to reconnect"). Judged on the journal: no request after that response.
/// </summary>
public sealed class ReconnectStopCheck : IRuleCheck
{
    public string Kind => CheckKinds.ReconnectStop;

    public CheckResult Evaluate(ScoringInput input, Rule rule)
    {
        if (input.Expectation.Reconnection is not { } r) return CheckResult.NotApplicable("the case does not ask the client to reconnect");
        if (r.Stop is not { } stop) return CheckResult.NotApplicable("no response of this case fails the connection");
        var exchanges = input.Journal.Exchanges;
        var timeline = ReconnectJournal.Timeline(input.Journal);
        if (exchanges.Count < stop.Attempt)
            return CheckResult.NotApplicable($"not reached: the client stopped after {exchanges.Count} request(s), before attempt {stop.Attempt}");
        if (exchanges.Count == stop.Attempt)
            return CheckResult.Met($"attempt {stop.Attempt} failed the connection ({stop.Fails}) and the client stopped reconnecting: no request followed", timeline);
        var gap = ReconnectJournal.Gap(input.Journal, stop.Attempt + 1);
        return CheckResult.Missed(
            $"attempt {stop.Attempt} failed the connection ({stop.Fails}), yet the client reconnected {gap:0} ms later ({exchanges.Count - stop.Attempt} more request(s))",
            $"no request after attempt {stop.Attempt}", $"{exchanges.Count - stop.Attempt} more request(s)", timeline);
    }
}
