using Conformance.Core.Capabilities;
using Conformance.Core.Rules;
using Conformance.Core.Scoring;
using Conformance.Core.Scoring.Checks;
using static Conformance.Tests.Scoring.CheckCase;

namespace Conformance.Tests.Scoring;

/// <summary>Each no-phantom rule judges the kinds of extra chunk it names, and only those.</summary>
public sealed class NoPhantomCheckTests
{
    private static readonly NoPhantomCheck Check = new();

    private static readonly CheckCase Pings = Stream("""
        { "anthropic": "message_start" }, { "anthropic": "ping" }, { "anthropic": "content_block_start", "index": 0, "blockType": "text" },
        { "anthropic": "text", "index": 0, "text": "Hi" }, { "anthropic": "content_block_stop", "index": 0 },
        { "anthropic": "message_delta", "stopReason": "end_turn" }, { "anthropic": "message_stop" }
        """, api: "anthropic-messages", profile: Profiles.Anthropic);

    private static readonly CheckCase AfterDone = Stream("""{ "role": "assistant", "content": "" }, { "content": "Hello" }, { "finish": "stop" }, { "done": true }, { "content": " LATE" }""");

    private static IReadOnlyList<Conformance.Core.Observations.Observation> WithExtra(CheckCase c, int at, string extra, string end = "done")
    {
        var chunks = c.Expectation.Chunks.Select(x => Chunk(x.Json)).ToList();
        chunks.Insert(at, Chunk(extra));
        return Lines([.. chunks, EndLine(end)]);
    }

    [Test]
    public void PingIgnored_AYieldedPing_Fails_PointingAtThePingOnTheWire()
    {
        var r = Check.Evaluate(Pings.Input(WithExtra(Pings, 1, """{"type":"ping"}"""), null, PingRule), PingRule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(r.Reason, Does.StartWith("chunk #2 is a ping event"));
        Assert.That(r.Evidence, Does.StartWith("attempt 1, write #"));
    }

    [Test]
    public void PingIgnored_PassesWhenThePingsAreDropped() =>
        Assert.That(Check.Evaluate(Pings.Input(Pings.Faithful(), null, PingRule), PingRule).Status, Is.EqualTo(CheckStatus.Met));

    [Test]
    public void NothingAfterDone_AYieldedLateEvent_Fails_AndThePingRuleIsNotCharged()
    {
        var late = AfterDone.Expectation.Dropped.Single(d => d.Kind == PhantomKinds.AfterTerminator).Data;
        var observed = WithExtra(AfterDone, AfterDone.Expectation.Chunks.Count, late);
        Assert.That(Check.Evaluate(AfterDone.Input(observed, null, AfterDoneRule), AfterDoneRule).Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(Check.Evaluate(AfterDone.Input(observed, null, PingRule), PingRule).Status, Is.EqualTo(CheckStatus.Met), "a late event is not a ping");
    }

    [Test]
    public void NothingAfterDone_ADoneToken_Fails_AtTextLevel()
    {
        var r = Check.Evaluate(AfterDone.Input(Lines(Chunk("\"Hello\""), Chunk("\"[DONE]\""), EndLine("done")), null, AfterDoneRule), AfterDoneRule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(r.Reason, Does.StartWith("token #2 is the terminator itself"));
    }

    [Test]
    public void CommentsIgnored_AKeepAliveToken_Fails()
    {
        var c = Stream("""{ "comment": "keep-alive" }, { "content": "Hi" }, { "done": true }""");
        var r = Check.Evaluate(c.Input(Lines(Chunk("\": keep-alive\""), Chunk("\"Hi\""), EndLine("done")), null, CommentsRule), CommentsRule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed));
    }

    [Test]
    public void UnexplainedOnly_AtTextLevel_IsNotApplicable()
    {
        var noData = Rule("sse.event.no-data", CheckKinds.NoPhantom, PhantomKinds.Unexplained);
        var r = Check.Evaluate(AfterDone.Input(Lines(Chunk("\"Hello\""), EndLine("done")), null, noData), noData);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.NotApplicable));
        Assert.That(r.Reason, Does.Contain("text only"));
    }

    [Test]
    public void MessageLevel_IsNotApplicable()
    {
        var message = ClientCapabilities.Everything with { Observes = ObservationLevel.Message };
        var r = Check.Evaluate(Pings.Input(Lines("""{"type":"message","content":"Hi"}""", EndLine("done")), message, PingRule), PingRule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.NotApplicable));
        Assert.That(r.Reason, Does.Contain("assembled message only"));
    }
}
