using System.Text;
using System.Text.Json;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Core.Wire;
using Conformance.Server.Streaming;

namespace Conformance.Tests.Scenarios;

/// <summary>
/// The language features the recall scenarios need: several tool calls in one delta (llm.tool-calls.by-index),
/// a Retry-After HTTP-date computed when the head is sent and retry-after-ms (http.retry.retry-after), a total
/// budget for the call (timeout.total-budget).
/// </summary>
[TestFixture]
public sealed class ScenarioRecallFeatureTests
{
    private static IReadOnlyList<ScenarioError> Errors(string json) => ScenarioParser.Parse(json, "f.json").Errors;

    private static string Responses(string first) => $$"""
        {
          "id": "test.case", "title": "t", "description": "d", "rules": ["test.rule"], "api": "openai-chat",
          "client": { "maxRetries": 1 },
          "responses": [ {{first}}, { "stream": { "events": [ { "content": "Hi" }, { "done": true } ] } } ]
        }
        """;

    [Test]
    public void ToolCallArray_WritesEveryCallInOneDelta()
    {
        var plan = ScenarioJson.Compile("""
            { "toolCall": [ { "index": 0, "id": "call_a", "name": "f", "arguments": "{" }, { "index": 1, "id": "call_b", "name": "g", "arguments": "{}" } ] }
            """);
        using var doc = JsonDocument.Parse(plan.Text()["data: ".Length..].Trim());
        var calls = doc.RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("tool_calls");
        Assert.That(calls.GetArrayLength(), Is.EqualTo(2));
        Assert.That(calls[1].GetProperty("id").GetString(), Is.EqualTo("call_b"));
        Assert.That(calls[1].GetProperty("type").GetString(), Is.EqualTo("function"));
        Assert.That(calls[0].GetProperty("function").GetProperty("arguments").GetString(), Is.EqualTo("{"));
    }

    [Test]
    public void ToolCallArray_AssemblesBothCalls_InTheExpectation()
    {
        var s = ScenarioJson.Parse(ScenarioJson.Stream("""
            { "toolCall": [ { "index": 0, "id": "a", "name": "f", "arguments": "{" }, { "index": 1, "id": "b", "name": "g", "arguments": "{" } ] },
            { "toolCall": [ { "index": 0, "arguments": "}" }, { "index": 1, "arguments": "}" } ] }, { "done": true }
            """));
        var e = ExpectationBuilder.Build(s, Profiles.OpenAi);
        Assert.That(e.ToolCalls.Select(t => $"{t.Index} {t.Id} {t.Name} {t.Arguments}"), Is.EqualTo(new[] { "0 a f {}", "1 b g {}" }));
    }

    [Test]
    public void ToolCallArray_Empty_OrRepeatedIndex_OrNotAnObject_AreLocatedErrors()
    {
        var errors = Errors(ScenarioJson.Stream("""
            { "toolCall": [] }, { "toolCall": [ { "index": 0 }, { "index": 0 } ] }, { "toolCall": [ 3 ] }, { "toolCall": "x" }, { "toolCall": [ { "indx": 1 } ] }
            """));
        var byPath = errors.Select(e => e.ToString()).ToList();
        Assert.That(byPath, Has.Some.StartsWith("f.json: $.responses[0].stream.events[0].toolCall: an empty array"));
        Assert.That(byPath, Has.Some.StartsWith("f.json: $.responses[0].stream.events[1].toolCall: index 0 appears twice"));
        Assert.That(byPath, Has.Some.StartsWith("f.json: $.responses[0].stream.events[2].toolCall[0]: expected a tool call object"));
        Assert.That(byPath, Has.Some.StartsWith("f.json: $.responses[0].stream.events[3].toolCall: expected a tool call object or an array"));
        Assert.That(byPath, Has.Some.StartsWith("f.json: $.responses[0].stream.events[4].toolCall[0].indx: unknown property 'indx'"));
    }

    [Test]
    public void HttpDateInSeconds_IsADatedHeader_NotAStaticOne()
    {
        var s = ScenarioJson.Parse(Responses("""{ "status": 429, "headers": { "Retry-After": { "httpDateInSeconds": 2 } }, "body": "x" }"""));
        var plan = ScenarioCompiler.Compile(s, 1);
        Assert.That(plan.DatedHeaders, Is.EqualTo(new[] { new DatedHeader("Retry-After", 2) }));
        Assert.That(plan.Headers.Select(h => h.Key), Does.Not.Contain("Retry-After"));
    }

    [Test]
    public void HttpDateInSeconds_BadForms_AreLocatedErrors()
    {
        var errors = Errors(Responses("""{ "status": 429, "headers": { "Retry-After": { "httpDateInSecond": 2 }, "X-A": { "httpDateInSeconds": -1 }, "X-B": [1] }, "body": "x" }"""))
            .Select(e => e.ToString()).ToList();
        Assert.That(errors, Has.Some.StartsWith("f.json: $.responses[0].headers['Retry-After'].httpDateInSecond: unknown property 'httpDateInSecond'").And.Some.Contains("did you mean 'httpDateInSeconds'"));
        Assert.That(errors, Has.Some.StartsWith("f.json: $.responses[0].headers['Retry-After']: missing required property 'httpDateInSeconds'"));
        Assert.That(errors, Has.Some.StartsWith("f.json: $.responses[0].headers['X-A'].httpDateInSeconds: must be between 0 and 86400"));
        Assert.That(errors, Has.Some.StartsWith("f.json: $.responses[0].headers['X-B']: expected a string, {\"httpDateInSeconds\": N} or null"));
    }

    [TestCase("2026-03-01T12:00:00.000Z", 1, "Sun, 01 Mar 2026 12:00:01 GMT", TestName = "DatedHeader_OnAWholeSecond_IsExactlyNSecondsLater")]
    [TestCase("2026-03-01T12:00:00.001Z", 1, "Sun, 01 Mar 2026 12:00:02 GMT", TestName = "DatedHeader_MidSecond_RoundsUp_SoTheWaitIsNeverShort")]
    [TestCase("2026-03-01T12:00:00.999Z", 0, "Sun, 01 Mar 2026 12:00:01 GMT", TestName = "DatedHeader_ZeroSeconds_IsTheNextWholeSecond")]
    public void DatedHeader_ValueAt(string now, int seconds, string expected) =>
        Assert.That(new DatedHeader("Retry-After", seconds).ValueAt(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(expected));

    [Test]
    public void PlanWriter_WritesTheDatedHeader_FromTheSendTime()
    {
        var s = ScenarioJson.Parse(Responses("""{ "status": 429, "headers": { "Retry-After": { "httpDateInSeconds": 3 } }, "body": "x" }"""));
        var head = Encoding.Latin1.GetString(PlanWriter.BuildHead(ScenarioCompiler.Compile(s, 1), [], new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero)));
        Assert.That(head, Does.Contain("\r\nRetry-After: Sun, 01 Mar 2026 12:00:03 GMT\r\n"));
    }

    [Test]
    public void Expectation_DatedRetryAfter_IsItsSeconds_WhateverTheClock()
    {
        // The expectation is derived before the case runs: the wait is N seconds, not a wall-clock date.
        var s = ScenarioJson.Parse(Responses("""{ "status": 429, "headers": { "Retry-After": { "httpDateInSeconds": 1 } }, "body": "x" }"""));
        var late = new FixedTime(new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.That(ExpectationBuilder.Build(s, Profiles.OpenAi, late).RetryWaitsMs, Is.EqualTo(new int?[] { 1000 }));
    }

    [TestCase("""{ "retry-after-ms": "800" }""", 800, TestName = "Expectation_RetryAfterMs_IsTheLeastWait")]
    [TestCase("""{ "retry-after-ms": "250.4", "Retry-After": "3" }""", 251, TestName = "Expectation_RetryAfterMs_WinsOverRetryAfter_AsOpenAiSdksRead_It")]
    [TestCase("""{ "retry-after-ms": "soon", "Retry-After": "2" }""", 2000, TestName = "Expectation_RetryAfterMs_Unparseable_FallsBackToRetryAfter")]
    public void Expectation_RetryAfterMs(string headers, int expected)
    {
        var s = ScenarioJson.Parse(Responses($$"""{ "status": 503, "headers": {{headers}}, "body": "x" }"""));
        Assert.That(ExpectationBuilder.Build(s, Profiles.OpenAi).RetryWaitsMs, Is.EqualTo(new int?[] { expected }));
    }

    [Test]
    public void TotalTimeoutMs_IsAClientSetting_AndNeedsTheFeature()
    {
        var s = ScenarioJson.Parse(ScenarioJson.Stream("""{ "content": "a" }""").Replace("\"api\":", "\"client\": { \"totalTimeoutMs\": 1000 }, \"api\":", StringComparison.Ordinal));
        Assert.That(s.Client.TotalTimeoutMs, Is.EqualTo(1000));
        Assert.That(Conformance.Core.Capabilities.ClientCapabilities.Needs(s).Select(n => n.Feature), Does.Contain("total-timeout"));
        Assert.That(Errors(ScenarioJson.Stream("""{ "content": "a" }""").Replace("\"api\":", "\"client\": { \"totalTimeoutMs\": 0 }, \"api\":", StringComparison.Ordinal)).Select(e => e.ToString()),
            Has.Some.StartsWith("f.json: $.client.totalTimeoutMs: must be at least 1"));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
