using Conformance.Core.Rules;
using Conformance.Core.Scoring;
using Conformance.Core.Scoring.Checks;
using static Conformance.Tests.Scoring.ReconnectCase;

namespace Conformance.Tests.Scoring;

[Description("sse.reconnect.retry-delay, sse.retry.digits-only, sse.reconnect.retry-prompt")]
public sealed class ReconnectWaitCheckTests
{
    private static readonly Rule Delay = CheckCase.Rule("sse.reconnect.retry-delay", CheckKinds.ReconnectWait);
    private static readonly Rule Prompt = CheckCase.Rule("sse.reconnect.retry-prompt", CheckKinds.ReconnectWaitMax) with { Level = RuleLevel.Should };
    private static readonly ReconnectCase Waits = Of(2, null, Stream("retry: 300\nid: 1\ndata: a\n\n"), Stream("retry: 150\nid: 2\ndata: b\n\n"), Stream("id: 3\ndata: c\n\n"));

    private static CheckResult Min(params double[] gaps) => new ReconnectWaitCheck().Evaluate(Waits.Input(Journal(gaps)), Delay);
    private static CheckResult Max(params double[] gaps) => new ReconnectWaitMaxCheck().Evaluate(Waits.Input(Journal(gaps)), Prompt);
    private static Conformance.Core.Journal.CaseJournal Journal(double[] gaps) =>
        Waits.Journal([(null, 0), .. gaps.Select((g, i) => ((string?)(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), g))]);

    [Test]
    public void GapsOfAtLeastEachReconnectionTime_AreMet_WithinTheTolerance()
    {
        var r = Min(310, 60);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Met), r.Reason);
        Assert.That(r.Reason, Is.EqualTo("waited 310 ms before attempt 2 (reconnection time 300 ms), 60 ms before attempt 3 (reconnection time 150 ms)"));
    }

    [Test]
    public void AReconnectionBeforeTheReconnectionTime_Misses()
    {
        var r = Min(60, 150);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(r.Reason, Is.EqualTo("attempt 2 came 60 ms after attempt 1 ended, but retry: set the reconnection time to 300 ms"));
        Assert.That(Min(310, 40).Reason, Does.StartWith("attempt 3 came 40 ms"), "the second retry: changed the time to 150 ms");
    }

    [Test]
    public void AReconnectionSecondsLate_MissesTheUpperBound_Only()
    {
        Assert.That(Max(310, 160).Status, Is.EqualTo(CheckStatus.Met));
        var r = Max(3005, 160);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(r.Reason, Does.StartWith("attempt 2 came 3005 ms after attempt 1 ended, 2705 ms more than the 300 ms reconnection time retry: set"));
        Assert.That(Min(3005, 160).Status, Is.EqualTo(CheckStatus.Met), "waiting longer is allowed by the MUST");
    }

    [Test]
    public void ACaseWithoutRetry_IsNotApplicable_AndNoReconnection_IsNotReached()
    {
        var none = Of(1, null, Stream("id: 1\ndata: a\n\n"), Stream("id: 2\ndata: b\n\n"));
        Assert.That(new ReconnectWaitCheck().Evaluate(none.Input(none.Correct()), Delay).Reason, Does.StartWith("no retry: field sets a reconnection time"));
        Assert.That(new ReconnectWaitCheck().Evaluate(Waits.Input(Waits.Journal((null, 0))), Delay).Reason, Does.StartWith("not reached"));
    }
}
