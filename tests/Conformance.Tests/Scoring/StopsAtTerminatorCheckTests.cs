using Conformance.Core.Journal;
using Conformance.Core.Scoring;
using Conformance.Core.Scoring.Checks;
using static Conformance.Tests.Scoring.CheckCase;

namespace Conformance.Tests.Scoring;

/// <summary>llm.done.stops-reading: judged from the journal, the terminator's write to the client letting go.</summary>
public sealed class StopsAtTerminatorCheckTests
{
    private static readonly StopsAtTerminatorCheck Check = new();
    private static readonly Conformance.Core.Rules.Rule Rule = CheckCase.Rule("llm.done.stops-reading", Conformance.Core.Rules.CheckKinds.StopsAtTerminator);

    private static CheckCase Held(double? closedAtMs, double endedAtMs = 3040)
    {
        var c = Stream("""{ "role": "assistant", "content": "" }, { "content": "Hello" }, { "done": true }""",
            transport: """{ "delayMs": 10, "end": { "kind": "hold-open", "ms": 3000 } }""");
        var e = c.Journal.Exchanges[0];
        return c.WithJournal(c.Journal with
        {
            Exchanges = [e with { Response = e.Response! with { Ended = closedAtMs is null ? Ends.HoldOpen : Ends.ClientClosed, EndedAtMs = endedAtMs, ClientClosedAtMs = closedAtMs } }],
        });
    }

    [Test]
    public void AClientThatLetsGoAtDone_Passes()
    {
        var c = Held(closedAtMs: 35, endedAtMs: 35);
        var r = Check.Evaluate(c.Input(c.Faithful()), Rule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Met), r.Reason);
    }

    [Test]
    public void AClientThatReadsUntilTheServerCloses_Fails_PointingAtTheDoneWrite()
    {
        var c = Held(closedAtMs: null);
        var r = Check.Evaluate(c.Input(c.Faithful()), Rule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(r.Reason, Does.Contain("read on past the terminator"));
        Assert.That(r.Evidence, Does.StartWith("attempt 1, write #3"), "the write that carried [DONE]");
    }

    [Test]
    public void AClientThatLetsGoLate_Fails_WithTheLag()
    {
        var c = Held(closedAtMs: 1500, endedAtMs: 1500);
        var r = Check.Evaluate(c.Input(c.Faithful()), Rule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(r.Observed, Does.EndWith(" ms"));
    }

    [Test]
    public void AStreamWithoutTerminator_IsNotApplicable()
    {
        var c = Stream("""{ "content": "Hello" }""");
        Assert.That(Check.Evaluate(c.Input(c.Faithful()), Rule).Status, Is.EqualTo(CheckStatus.NotApplicable));
    }
}
