using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>
/// After cancelling, the client stops and closes the connection promptly (000: "Aborting closes the
/// connection"; 001: "releases the reader, closes the connection"). Measured on the server: from the
/// write that completed the Nth chunk to the moment the client's side closed.
/// </summary>
public sealed class CancelCheck : IRuleCheck
{
    public const int LimitMs = 500;

    public string Kind => CheckKinds.Cancel;

    public CheckResult Evaluate(ScoringInput input, Rule rule)
    {
        if (input.Scenario.Client.CancelAfter is not { } n) return CheckResult.NotApplicable("the case does not cancel");
        var exp = input.Expectation;
        if (exp.Chunks.Count < n) return CheckResult.NotApplicable($"the stream carries fewer than {n} chunks");
        var exchange = Transcript.Final(input.Journal);
        if (exchange?.Response is not { } response) return CheckResult.Missed("no response in the journal", "a response", "none");
        var holding = Transcript.WriteHolding(response, exp.Chunks[n - 1].CompleteAtOffset);
        if (holding is null) return CheckResult.Missed($"the server never sent chunk #{n}", $"chunk #{n} sent", "not sent", Transcript.Ending(input.Journal));
        var sentAt = holding.Value.Write.AtMs;
        if (response.ClientClosedAtMs is not { } closedAt)
        {
            return CheckResult.Missed(
                $"chunk #{n} was sent at {sentAt:0} ms, and the client never closed the connection while the server wrote on ({response.Writes.Count} writes, ended {response.Ended} at {response.EndedAtMs:0} ms)",
                $"connection closed within {LimitMs} ms of chunk #{n}", "not closed", Transcript.Ending(input.Journal));
        }
        var lag = closedAt - sentAt;
        return lag <= LimitMs
            ? CheckResult.Met($"closed the connection {lag:0} ms after chunk #{n} was sent", Transcript.Ending(input.Journal))
            : CheckResult.Missed($"closed the connection {lag:0} ms after chunk #{n} was sent (limit {LimitMs} ms)",
                $"≤ {LimitMs} ms", $"{lag:0} ms", Transcript.Ending(input.Journal));
    }
}
