using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>
/// Each reconnection waits at least the reconnection time the last <c>retry:</c> field set (WHATWG: "set the event
/// stream's reconnection time to that integer"; "Wait a delay equal to the reconnection time of the event source").
/// Gaps come from the journal: the end of one response to the arrival of the next request, on the server's clock,
/// with the tolerance of <see cref="RetryWaitCheck"/>. A reconnection before any <c>retry:</c> waits the client's own
/// default ("an implementation-defined value"), which is not judged.
/// </summary>
public sealed class ReconnectWaitCheck : IRuleCheck
{
    /// <summary>Clock slack between "response ended" on the server and the client's timer starting.</summary>
    public const int ToleranceMs = RetryWaitCheck.ToleranceMs;

    public string Kind => CheckKinds.ReconnectWait;

    public CheckResult Evaluate(ScoringInput input, Rule rule)
    {
        if (input.Expectation.Reconnection is not { } r) return CheckResult.NotApplicable("the case does not ask the client to reconnect");
        if (!r.Connections.Any(c => c.WaitMs is not null))
            return CheckResult.NotApplicable("no retry: field sets a reconnection time before a reconnection of this case");
        var gaps = Gaps(input, r);
        if (gaps.Count == 0) return CheckResult.NotApplicable("not reached: the client did not reconnect after a retry: field");
        foreach (var (attempt, wait, gap) in gaps)
        {
            if (gap < wait - ToleranceMs)
            {
                return CheckResult.Missed(
                    $"attempt {attempt} came {gap:0} ms after attempt {attempt - 1} ended, but retry: set the reconnection time to {wait} ms",
                    $"≥ {wait} ms", $"{gap:0} ms", ReconnectJournal.Timeline(input.Journal));
            }
        }
        return CheckResult.Met($"waited {Describe(gaps)}", ReconnectJournal.Timeline(input.Journal));
    }

    /// <summary>For each reconnection the journal holds whose wait retry: set: its attempt, the reconnection time and the measured gap.</summary>
    public static IReadOnlyList<(int Attempt, int WaitMs, double GapMs)> Gaps(ScoringInput input, ExpectedReconnection r) =>
        [.. r.Connections.Where(c => c.Attempt >= 2 && c.WaitMs is not null && c.Attempt <= input.Journal.Exchanges.Count)
            .Select(c => (c.Attempt, c.WaitMs!.Value, ReconnectJournal.Gap(input.Journal, c.Attempt)))];

    public static string Describe(IEnumerable<(int Attempt, int WaitMs, double GapMs)> gaps) =>
        string.Join(", ", gaps.Select(g => $"{g.GapMs:0} ms before attempt {g.Attempt} (reconnection time {g.WaitMs} ms)"));
}
