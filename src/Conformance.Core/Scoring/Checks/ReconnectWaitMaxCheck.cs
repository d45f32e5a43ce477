using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>
/// A reconnection comes within a generous bound after the reconnection time <c>retry:</c> set: at most
/// <see cref="SlackMs"/> later. The standard lets a client "Optionally, wait some more" (a backoff after a failed
/// attempt, waiting for the network to return), so this is a SHOULD-level check: a client far beyond the bound kept
/// its own delay (a default of seconds) instead of the server's. The bound is wide enough for a loaded machine.
/// </summary>
public sealed class ReconnectWaitMaxCheck : IRuleCheck
{
    /// <summary>How much longer than the reconnection time a reconnection may take. Browsers default to seconds (Chromium: 3 s).</summary>
    public const int SlackMs = 2000;

    public string Kind => CheckKinds.ReconnectWaitMax;

    public CheckResult Evaluate(ScoringInput input, Rule rule)
    {
        if (input.Expectation.Reconnection is not { } r) return CheckResult.NotApplicable("the case does not ask the client to reconnect");
        if (!r.Connections.Any(c => c.WaitMs is not null))
            return CheckResult.NotApplicable("no retry: field sets a reconnection time before a reconnection of this case");
        var gaps = ReconnectWaitCheck.Gaps(input, r);
        if (gaps.Count == 0) return CheckResult.NotApplicable("not reached: the client did not reconnect after a retry: field");
        foreach (var (attempt, wait, gap) in gaps)
        {
            if (gap > wait + SlackMs)
            {
                return CheckResult.Missed(
                    $"attempt {attempt} came {gap:0} ms after attempt {attempt - 1} ended, {gap - wait:0} ms more than the {wait} ms reconnection time retry: set: the client kept a delay of its own",
                    $"≤ {wait + SlackMs} ms ({wait} ms + {SlackMs} ms)", $"{gap:0} ms", ReconnectJournal.Timeline(input.Journal));
            }
        }
        return CheckResult.Met($"reconnected within {SlackMs} ms of the reconnection time: {ReconnectWaitCheck.Describe(gaps)}", ReconnectJournal.Timeline(input.Journal));
    }
}
