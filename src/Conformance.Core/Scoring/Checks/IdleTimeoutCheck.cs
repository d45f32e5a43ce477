using Conformance.Core.Observations;
using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>A stall trips the client's idle timeout: it reports a timeout and closes the connection (004: "Timeout (no data) … Mid-stream").</summary>
public sealed class IdleTimeoutCheck : IRuleCheck
{
    /// <summary>Slack on top of the idle timeout before the client must have given up.</summary>
    public const int SlackMs = 1000;

    public string Kind => CheckKinds.IdleTimeout;

    public CheckResult Evaluate(ScoringInput input, Rule rule)
    {
        if (input.Scenario.Client.IdleTimeoutMs is not { } idle) return CheckResult.NotApplicable("the case sets no idle timeout");
        var final = input.Final;
        if (final is not ErrorObservation { Kind: "timeout" })
        {
            return CheckResult.Missed($"the server stalled; with a {idle} ms idle timeout the client must report a timeout, but it ended with {ScoringInput.Describe(final)}",
                "error (timeout)", ScoringInput.Describe(final), Transcript.Ending(input.Journal));
        }
        var response = Transcript.Final(input.Journal)?.Response;
        var lastWrite = response?.Writes.LastOrDefault()?.AtMs ?? 0;
        if (response?.ClientClosedAtMs is not { } closed)
            return CheckResult.Missed("the client reported a timeout but left the connection open", "connection closed", "still open when the server gave up", Transcript.Ending(input.Journal));
        var after = closed - lastWrite;
        return after <= idle + SlackMs
            ? CheckResult.Met($"timed out and closed the connection {after:0} ms after the last byte (idle timeout {idle} ms)")
            : CheckResult.Missed($"closed the connection {after:0} ms after the last byte; the idle timeout is {idle} ms", $"≤ {idle + SlackMs} ms", $"{after:0} ms", Transcript.Ending(input.Journal));
    }
}
