using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>
/// A client that reconnects comes back after every stream that ends or drops, up to the case's budget (WHATWG: "Let
/// processEventSourceEndOfBody given response res be the following step: if res is not a network error, then reestablish
/// the connection"): the server sees one request per expected connection. A client that did not come back never got the
/// later connections, so this result blocks the case's other rules ("not reached").
/// </summary>
public sealed class ReconnectCheck : IRuleCheck
{
    public string Kind => CheckKinds.Reconnect;

    public CheckResult Evaluate(ScoringInput input, Rule rule)
    {
        if (input.Expectation.Reconnection is not { } r) return CheckResult.NotApplicable("the case does not ask the client to reconnect");
        var exchanges = input.Journal.Exchanges;
        var expected = r.Connections.Count;
        var timeline = ReconnectJournal.Timeline(input.Journal);
        if (exchanges.Count < expected)
        {
            var how = exchanges.LastOrDefault() is { Response: { } last } previous
                ? $"attempt {previous.Attempt}'s stream ended ({last.Ended} at {last.EndedAtMs:0} ms) and the client did not reconnect"
                : "the client sent no request";
            return CheckResult.Missed($"{how}: a correct client sends {expected} requests ({Plan(r)}), the server saw {exchanges.Count}",
                $"{expected} requests", $"{exchanges.Count} request(s)", timeline) with { Blocks = true };
        }
        if (exchanges.Count > expected)
        {
            if (r.Stop is { } stop)
            {
                // One deviation, one rule: coming back after a response that fails the connection is the stop rule's.
                if (input.CaseRules.Any(x => x.Id != rule.Id && x.Check == CheckKinds.ReconnectStop))
                    return CheckResult.Met($"reconnected {expected - 1} time(s) as expected; the {exchanges.Count - expected} request(s) after attempt {stop.Attempt}'s {stop.Fails} are judged by the rule about stopping", timeline);
                return CheckResult.Missed($"attempt {stop.Attempt} failed the connection ({stop.Fails}), yet the client sent {exchanges.Count - expected} more request(s)",
                    $"{expected} requests", $"{exchanges.Count} requests", timeline);
            }
            return CheckResult.Missed($"the client reconnected {exchanges.Count - 1} times; the case allows {r.MaxReconnects} (CONFORMANCE_RECONNECTS)",
                $"{expected} requests", $"{exchanges.Count} requests", timeline);
        }
        return CheckResult.Met($"reconnected {expected - 1} time(s): {Plan(r)}", timeline);
    }

    /// <summary>"1 + 3 reconnections" or "1 + 1 reconnection, then attempt 2 fails the connection (HTTP 204 No Content)".</summary>
    public static string Plan(ExpectedReconnection r) =>
        $"the first connection + {r.Connections.Count - 1} reconnection(s)" +
        (r.Stop is { } s ? $", attempt {s.Attempt} failing the connection ({s.Fails})" : $", the case's budget of {r.MaxReconnects}");
}
