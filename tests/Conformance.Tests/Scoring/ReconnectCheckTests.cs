using Conformance.Core.Rules;
using Conformance.Core.Scoring;
using Conformance.Core.Scoring.Checks;
using static Conformance.Tests.Scoring.ReconnectCase;

namespace Conformance.Tests.Scoring;

[Description("sse.reconnect.after-end")]
public sealed class ReconnectCheckTests
{
    private static readonly Rule AfterEnd = CheckCase.Rule("sse.reconnect.after-end", CheckKinds.Reconnect);
    private static readonly Rule Stops = CheckCase.Rule("sse.reconnect.204-stops", CheckKinds.ReconnectStop);

    private static readonly ReconnectCase Twice = Of(2, null, Stream("retry: 200\nid: 1\ndata: a\n\n"), Stream("id: 2\ndata: b\n\n", """{ "kind": "fin" }"""), Stream("id: 3\ndata: c\n\n"));
    private static readonly ReconnectCase Told = Of(3, null, Stream("retry: 200\nid: 1\ndata: a\n\n"), """{ "status": 204, "framing": "content-length" }""");

    [Test]
    public void OneRequestPerConnection_IsMet()
    {
        var r = new ReconnectCheck().Evaluate(Twice.Input(Twice.Correct()), AfterEnd);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Met), r.Reason);
        Assert.That(r.Reason, Does.StartWith("reconnected 2 time(s)"));
    }

    [Test]
    public void AClientThatDoesNotComeBack_Misses_AndBlocksTheRest()
    {
        var r = new ReconnectCheck().Evaluate(Twice.Input(Twice.Journal((null, 0))), AfterEnd);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(r.Blocks, Is.True);
        Assert.That(r.Reason, Does.StartWith("attempt 1's stream ended (clean at 20 ms) and the client did not reconnect: a correct client sends 3 requests"));
    }

    [Test]
    public void ReconnectingBeyondTheBudget_Misses()
    {
        var r = new ReconnectCheck().Evaluate(Twice.Input(Twice.Journal((null, 0), ("1", 200), ("2", 200), ("3", 200))), AfterEnd);
        Assert.That(r.Reason, Does.Contain("reconnected 3 times; the case allows 2"));
    }

    [Test]
    public void ComingBackAfterAStop_IsTheStopRulesDeviation_WhenTheCaseHasOne()
    {
        var journal = Told.Journal((null, 0), ("1", 200), ("1", 200));
        Assert.That(new ReconnectCheck().Evaluate(Told.Input(journal, caseRules: [AfterEnd, Stops]), AfterEnd).Status, Is.EqualTo(CheckStatus.Met));
        Assert.That(new ReconnectCheck().Evaluate(Told.Input(journal, caseRules: [AfterEnd]), AfterEnd).Reason,
            Does.StartWith("attempt 2 failed the connection (HTTP 204 No Content), yet the client sent 1 more request(s)"));
    }

    [Test]
    public void AClientThatDoesNotComeBack_FailsOnce_TheOtherReconnectRulesAreNotReached()
    {
        var lastId = CheckCase.Rule("sse.reconnect.last-event-id", CheckKinds.LastEventId);
        var once = CheckCase.Rule("sse.reconnect.events-once", CheckKinds.ReconnectEvents);
        var input = Twice.Input(Twice.Journal((null, 0)), Events(Twice.Expectation.Events.Take(1)));
        var verdicts = Scorer.Score(input, [AfterEnd, lastId, once], false, 0, [], "");
        Assert.That(verdicts.Select(v => v.Verdict), Is.EqualTo(new[] { Verdict.Fail, Verdict.Skipped, Verdict.Skipped }));
        Assert.That(verdicts[2].Reason, Does.StartWith("not reached: sse.reconnect.after-end FAIL"));
    }

    [Test]
    public void UnderAProfileThatDoesNotDefineReconnection_EveryReconnectRuleIsSkipped_WithTheReason()
    {
        var bastion = Of(1, Profiles.Bastion, Stream("id: 1\ndata: a\n\n"), Stream("id: 2\ndata: b\n\n"));
        var lastId = CheckCase.Rule("sse.reconnect.last-event-id", CheckKinds.LastEventId);
        var verdicts = Scorer.Score(bastion.Input(bastion.Journal((null, 0))), [AfterEnd, lastId], false, 0, [], "");
        Assert.That(verdicts.Select(v => v.Verdict), Has.All.EqualTo(Verdict.Skipped));
        Assert.That(verdicts[0].Reason, Does.StartWith("profile 'bastion' does not define reconnection"));
    }

    [Test]
    public void ACaseThatDoesNotReconnect_IsNotApplicable()
    {
        var plain = CheckCase.Stream("""{ "content": "Hi" }""");
        Assert.That(new ReconnectCheck().Evaluate(plain.Input([]), AfterEnd).Status, Is.EqualTo(CheckStatus.NotApplicable));
    }
}
