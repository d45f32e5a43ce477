using System.Text.Json;
using Conformance.Core.Dialects;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Core.Sse;
using Conformance.Tests.Scenarios;

namespace Conformance.Tests.Dialects;

/// <summary>The openai-responses dialect: how its steps are written, how its streams are read (rules llm.responses.*).</summary>
[TestFixture]
public sealed class OpenAiResponsesDialectTests
{
    private const string Api = "openai-responses";

    private const string Text = """
        { "responses": "response.created" },
        { "responses": "response.output_item.added", "itemType": "message" },
        { "responses": "response.content_part.added" },
        { "responses": "response.output_text.delta", "delta": "Hel" },
        { "responses": "response.output_text.delta", "delta": "lo" },
        { "responses": "response.output_text.done" },
        { "responses": "response.output_item.done" }
        """;

    private static List<(string Event, JsonElement Data)> Events(string steps, string transport = "{}")
    {
        var body = ScenarioJson.Compile(steps, transport, Api).Body();
        return [.. SseReferenceParser.Parse(body, new SseParseOptions(true, true, false)).Events.Select(e => (e.Type, JsonDocument.Parse(e.Data).RootElement.Clone()))];
    }

    private static Expectation Expect(string steps, string transport = "{}") =>
        ExpectationBuilder.Build(ScenarioJson.Parse(ScenarioJson.Stream(steps, transport, Api)), Profiles.OpenAi);

    [Test]
    public void EventLine_EqualsTheDataType_AndSequenceNumbersCountFromZero()
    {
        var events = Events(Text + """, { "responses": "response.completed" }""");
        Assert.That(events.Select(e => e.Event), Is.EqualTo(events.Select(e => e.Data.GetProperty("type").GetString())));
        Assert.That(events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()), Is.EqualTo(Enumerable.Range(0, events.Count)));
    }

    [Test]
    public void SequenceNumberOverride_ScriptsAGap_AndLaterEventsCountOnFromIt()
    {
        var events = Events("""{ "responses": "response.created" }, { "responses": "response.in_progress", "sequenceNumber": 7 }, { "responses": "response.completed" }""");
        Assert.That(events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()), Is.EqualTo(new[] { 0, 7, 8 }));
    }

    [Test]
    public void ItemIds_AreConsistent_AndTheDoneEventsRepeatTheDeltas()
    {
        var events = Events(Text + """, { "responses": "response.completed" }""");
        var itemId = events[1].Data.GetProperty("item").GetProperty("id").GetString();
        Assert.That(events.Where(e => e.Data.TryGetProperty("item_id", out _)).Select(e => e.Data.GetProperty("item_id").GetString()), Is.All.EqualTo(itemId));
        Assert.That(events[5].Data.GetProperty("text").GetString(), Is.EqualTo("Hello"));
        Assert.That(events[6].Data.GetProperty("item").GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("Hello"));
        Assert.That(events[7].Data.GetProperty("response").GetProperty("output")[0].GetProperty("id").GetString(), Is.EqualTo(itemId));
    }

    [Test]
    public void ItemIdOverride_ScriptsAMismatch()
    {
        var events = Events(Text.Replace("""{ "responses": "response.output_text.delta", "delta": "lo" }""", """{ "responses": "response.output_text.delta", "delta": "lo", "itemId": "msg_other" }"""));
        Assert.That(events[4].Data.GetProperty("item_id").GetString(), Is.EqualTo("msg_other"));
    }

    [Test]
    public void ErrorEvent_HasBothShapes()
    {
        var flat = Events("""{ "responses": "error", "code": "rate_limit_exceeded", "message": "slow down" }""")[0].Data;
        Assert.That(flat.GetProperty("code").GetString(), Is.EqualTo("rate_limit_exceeded"));
        Assert.That(flat.TryGetProperty("error", out _), Is.False);
        var nested = Events("""{ "responses": "error", "shape": "nested", "errorType": "server_error", "message": "boom" }""")[0].Data;
        Assert.That(nested.GetProperty("error").GetProperty("type").GetString(), Is.EqualTo("server_error"));
    }

    [Test]
    public void EmptyEventOverride_WritesADataOnlyEvent()
    {
        var body = ScenarioJson.Compile("""{ "responses": "response.created", "event": "" }""", api: Api).Text();
        Assert.That(body, Does.StartWith("data: {\"type\":\"response.created\""));
    }

    [Test]
    public void CompletedStream_EndsDone_WithTheDeltasAsText() // llm.responses.terminal-event, llm.responses.text-from-deltas
    {
        var e = Expect(Text + """, { "responses": "response.completed" }""");
        Assert.That(e.Outcome.Kind, Is.EqualTo("done"));
        Assert.That(e.Text, Is.EqualTo("Hello"));
        Assert.That(e.FinishReason, Is.EqualTo("completed"));
    }

    [Test]
    public void StreamWithoutTerminalEvent_IsAnError() // llm.responses.terminal-event
    {
        var e = Expect(Text);
        Assert.That(e.Outcome.Kind, Is.EqualTo("error"));
        Assert.That(e.Outcome.ErrorKinds, Does.Contain("other"));
    }

    [Test]
    public void DoneAfterTheTerminalEvent_IsDroppedAfterTheEnd_AndNotNeeded() // llm.responses.done-optional
    {
        var with = Expect(Text + """, { "responses": "response.completed" }, { "sse": { "data": "[DONE]" } }""");
        var without = Expect(Text + """, { "responses": "response.completed" }""");
        Assert.That(with.Outcome.Kind, Is.EqualTo("done"));
        Assert.That(with.Chunks, Has.Count.EqualTo(without.Chunks.Count));
        Assert.That(with.Dropped.Select(d => d.Kind), Does.Contain(PhantomKinds.AfterTerminator));
    }

    [TestCase("""{ "responses": "response.failed", "code": "server_error", "message": "x" }""", "server_error")]
    [TestCase("""{ "responses": "error", "code": "rate_limit_exceeded", "message": "x" }""", "rate_limit_exceeded")]
    [TestCase("""{ "responses": "error", "shape": "nested", "errorType": "invalid_request_error", "message": "x" }""", "invalid_request_error")]
    public void FailedAndErrorEvents_AreRaised_WithTheirType(string terminal, string type) // llm.responses.failed-raised
    {
        var e = Expect(Text + ", " + terminal);
        Assert.That(e.Outcome.Kind, Is.EqualTo("error"));
        Assert.That(e.Outcome.ErrorKinds, Does.Contain("api"));
        Assert.That(e.Outcome.ErrorType, Is.EqualTo(type));
        Assert.That(e.Text, Is.EqualTo("Hello"), "the partial text is kept");
    }

    [Test]
    public void FunctionCall_IsAssembledFromItsArgumentDeltas() // llm.responses.function-call
    {
        var e = Expect("""
            { "responses": "response.output_item.added", "itemType": "function_call", "name": "get_weather", "callId": "call_1" },
            { "responses": "response.function_call_arguments.delta", "delta": "{\"city\":" },
            { "responses": "response.function_call_arguments.delta", "delta": "\"Paris\"}" },
            { "responses": "response.function_call_arguments.done" },
            { "responses": "response.completed" }
            """);
        var call = e.ToolCalls.Single();
        Assert.That((call.Index, call.Id, call.Name, call.Arguments), Is.EqualTo((0, "call_1", "get_weather", "{\"city\":\"Paris\"}")));
    }

    [Test]
    public void PropertyThatDoesNotApply_IsALocatedError()
    {
        var (_, errors) = ScenarioParser.Parse(ScenarioJson.Stream("""{ "responses": "response.created", "delta": "x" }""", api: Api), "t.json");
        Assert.That(errors.Single().JsonPath, Is.EqualTo("$.responses[0].stream.events[0].delta"));
    }

    [Test]
    public void Server_AnswersPostV1Responses()
    {
        Assert.That(DialectCatalog.FromPath(["v1", "responses"])?.Dialect.Name, Is.EqualTo(Api));
    }
}
