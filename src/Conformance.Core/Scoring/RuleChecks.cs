using Conformance.Core.Scoring.Checks;

namespace Conformance.Core.Scoring;

/// <summary>The built-in checks, by kind.</summary>
public static class RuleChecks
{
    public static IReadOnlyList<IRuleCheck> All { get; } =
    [
        new ContentCheck(), new NoPhantomCheck(), new OutcomeCheck(), new StopsAtTerminatorCheck(), new RetryCheck(), new RetryWaitCheck(), new NoRetryCheck(),
        new CancelCheck(), new IdleTimeoutCheck(), new TotalTimeoutCheck(), new StaysAliveCheck(), new MessageCheck(),
        new ReconnectCheck(), new ReconnectStopCheck(), new LastEventIdCheck(), new ReconnectWaitCheck(), new ReconnectWaitMaxCheck(), new ReconnectEventsCheck(),
    ];

    public static IRuleCheck? Find(string kind) => All.FirstOrDefault(c => c.Kind == kind);
}
