using Conformance.Core.Capabilities;
using Conformance.Core.Observations;
using Conformance.Core.Rules;
using Conformance.Core.Scoring;
using Conformance.Core.Scoring.Checks;
using static Conformance.Tests.Scoring.CheckCase;

namespace Conformance.Tests.Scoring;

/// <summary>The `events` observation level: a parser library judged on the events it dispatches.</summary>
public sealed class EventsLevelTests
{
    private static readonly ClientCapabilities Events = ClientCapabilities.Everything with { Observes = ObservationLevel.Events };
    private static readonly Rule Crlf = Rule("sse.framing.crlf", CheckKinds.Content);
    private static readonly Rule NoData = Rule("sse.event.no-data", CheckKinds.NoPhantom, PhantomKinds.NoData, PhantomKinds.Unexplained);

    private static readonly CheckCase Chat = Stream("""{ "sse": { "event": "ping" } }, { "content": "Hi" }, { "sse": { "data": "a\nb", "id": "7" } }, { "done": true }""");

    private static IReadOnlyList<Observation> Dispatched(CheckCase c, Func<ExpectedEvent, string>? line = null) =>
        Lines([.. c.Expectation.Events.Select(line ?? (e => $$"""{"type":"event","event":"{{e.Type}}","data":{{System.Text.Json.JsonSerializer.Serialize(e.Data)}}}""")), EndLine("eof")]);

    [Test]
    public void TheExpectation_HoldsEveryDispatchedEvent_DoneIncluded_NoDataBlocksNot()
    {
        Assert.That(Chat.Expectation.Events.Select(e => e.Data), Is.EqualTo(new[] { Chat.Expectation.Chunks[0].Json, "a\nb", "[DONE]" }));
        Assert.That(Chat.Expectation.Events[1].Id, Is.EqualTo("7"));
    }

    [Test]
    public void EventsAsDispatched_PassTheSseRules_AndTheStreamEndsAtEof()
    {
        var input = Chat.Input(Dispatched(Chat), Events, Crlf);
        Assert.That(new ContentCheck().Evaluate(input, Crlf).Status, Is.EqualTo(CheckStatus.Met));
        Assert.That(new OutcomeCheck().Evaluate(input, OutcomeRule with { Id = "net.fin.not-success" }).Status, Is.EqualTo(CheckStatus.Met), "eof, not done: a parser knows no [DONE]");
    }

    [Test]
    public void ADataBufferJoinedWrongly_Differs_NamingTheData()
    {
        var wrong = Dispatched(Chat, e => $$"""{"type":"event","data":{{System.Text.Json.JsonSerializer.Serialize(e.Data.Replace("\n", "\r\n", StringComparison.Ordinal))}}}""");
        var r = new ContentCheck().Evaluate(Chat.Input(wrong, Events, Crlf), Crlf);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(r.Reason, Does.StartWith("event #2 differs from the one the server sent: data \"a\\r\\nb\""));
    }

    [Test]
    public void AWrongLastEventId_Differs_ButAnUnreportedIdIsNoDifference()
    {
        var badId = Dispatched(Chat, e => $$"""{"type":"event","data":{{System.Text.Json.JsonSerializer.Serialize(e.Data)}},"id":"{{(e.Data == "a\nb" ? "8" : e.Id ?? "")}}"}""");
        Assert.That(new ContentCheck().Evaluate(Chat.Input(badId, Events, Crlf), Crlf).Reason, Does.Contain("last event id \"8\""));
    }

    [Test]
    public void ADispatchedNoDataBlock_IsChargedToNoData_NotToContent()
    {
        var observed = Lines([$$"""{"type":"event","event":"ping","data":""}""", .. Dispatched(Chat).Take(3).Select(o => System.Text.Json.JsonSerializer.Serialize<Observation>(o, Conformance.Core.Results.ResultsJson.Options)), EndLine("eof")]);
        Assert.That(new NoPhantomCheck().Evaluate(Chat.Input(observed, Events, NoData, Crlf), NoData).Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(new ContentCheck().Evaluate(Chat.Input(observed, Events, NoData, Crlf), Crlf).Status, Is.EqualTo(CheckStatus.Met));
    }

    [Test]
    public void LlmLayerRules_AreSkipped_AtTheEventsLevel()
    {
        var verdicts = Scorer.Score(Chat.Input(Dispatched(Chat), Events), [ContentRule, Crlf], false, 20_000, [], "");
        Assert.That(verdicts[0].Verdict, Is.EqualTo(Verdict.Skipped));
        Assert.That(verdicts[0].Reason, Does.Contain("SSE events"));
        Assert.That(verdicts[1].Verdict, Is.EqualTo(Verdict.Pass));
    }
}

public sealed class EventObservationParserTests
{
    [Test]
    public void EventAndComment_AreParsed_AndAnEventWithoutData_IsAFault()
    {
        var (e, _) = ObservationParser.Parse("""{"type":"event","event":"ping","data":"","id":"3"}""", 1);
        Assert.That(e, Is.EqualTo(new EventObservation("ping", "", "3") { AtMs = 1 }));
        var (c, _) = ObservationParser.Parse("""{"type":"comment","text":"keep-alive"}""", 2);
        Assert.That(c, Is.EqualTo(new CommentObservation("keep-alive") { AtMs = 2 }));
        var (none, fault) = ObservationParser.Parse("""{"type":"event","event":"ping"}""", 3);
        Assert.That(none, Is.Null);
        Assert.That(fault, Does.StartWith("event observation without a string \"data\""));
    }
}

public sealed class EventTypeResetTests
{
    [Test]
    public void AnEventTypeKeptAcrossABlockWithNoData_IsTheNoDataRulesDeviation_NotContents()
    {
        var c = Stream("""{ "sse": { "event": "ping" } }, { "sse": { "data": "c" } }""");
        var events = ClientCapabilities.Everything with { Observes = ObservationLevel.Events };
        var noData = Rule("sse.event.no-data", CheckKinds.NoPhantom, PhantomKinds.NoData, PhantomKinds.Unexplained);
        var leaked = Lines("""{"type":"event","event":"ping","data":"c"}""", EndLine("eof")); // what System.Net.ServerSentEvents 10.0.12 dispatches
        var r = new NoPhantomCheck().Evaluate(c.Input(leaked, events, noData, ContentRule), noData);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(r.Reason, Does.StartWith("event #1 carries the type \"ping\" of the block with no data before it"));
        var crlf = Rule("sse.framing.lf", CheckKinds.Content);
        Assert.That(new ContentCheck().Evaluate(c.Input(leaked, events, noData, crlf), crlf).Status, Is.EqualTo(CheckStatus.Met));
        Assert.That(new ContentCheck().Evaluate(c.Input(leaked, events, crlf), crlf).Status, Is.EqualTo(CheckStatus.Missed), "with no no-data rule in the case, content carries it");
    }
}
