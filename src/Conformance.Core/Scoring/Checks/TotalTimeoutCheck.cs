using Conformance.Core.Observations;
using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>
/// A stream that never goes idle (a heartbeat every 100 ms) but outlasts the client's total budget is given up at
/// the budget: the client reports a timeout and closes the connection (001: "a single budget across every call").
/// Judged on the server's clock: the client's close, in ms since the first request arrived, against the budget plus
/// <see cref="SlackMs"/> (process start, scheduling on a loaded 2-core machine). The server keeps the heartbeats
/// coming for far longer than budget + slack, so a client without a budget is seen reading on, never mistaken.
/// </summary>
public sealed class TotalTimeoutCheck : IRuleCheck
{
    /// <summary>Slack on top of the budget before the client must have let go of the connection.</summary>
    // 2.5 s: a client that honoured its 1 s budget once let go at 2.17 s on a loaded machine; one without a budget reads
    // on until its idle timeout, ~5 s into the limits case, so the margin stays wide either way.
    public const int SlackMs = 2500;

    public string Kind => CheckKinds.TotalTimeout;

    public CheckResult Evaluate(ScoringInput input, Rule rule)
    {
        if (input.Scenario.Client.TotalTimeoutMs is not { } budget) return CheckResult.NotApplicable("the case sets no total budget");
        var first = input.Journal.Exchanges.FirstOrDefault();
        var last = Transcript.Final(input.Journal);
        var final = input.Final;
        if (first is null || last?.Response is not { } response)
            return CheckResult.NotApplicable("not reached: the server saw no request");
        var at = (last.Request.At - first.Request.At).TotalMilliseconds;
        if (response.ClientClosedAtMs is not { } closedAt)
        {
            return CheckResult.Missed(
                $"the client never let go of the connection while the server kept the stream alive ({response.Writes.Count} writes until {response.EndedAtMs:0} ms); its total budget is {budget} ms",
                $"closed ≤ {budget + SlackMs} ms after the request", $"still open at {at + response.EndedAtMs:0} ms", Transcript.Ending(input.Journal));
        }
        var closed = at + closedAt;
        if (closed > budget + SlackMs)
        {
            return CheckResult.Missed(
                $"the client closed the connection {closed:0} ms after its first request although its total budget is {budget} ms: bytes kept arriving, and only the budget could end the call",
                $"≤ {budget + SlackMs} ms", $"{closed:0} ms", Transcript.Ending(input.Journal));
        }
        if (final is not ErrorObservation { Kind: "timeout" })
        {
            return CheckResult.Missed($"the client left at {closed:0} ms (budget {budget} ms) but reported {ScoringInput.Describe(final)}, not a timeout",
                "error (timeout)", ScoringInput.Describe(final), Transcript.Ending(input.Journal));
        }
        return CheckResult.Met($"gave up with a timeout and closed the connection {closed:0} ms after the first request (total budget {budget} ms)");
    }
}
