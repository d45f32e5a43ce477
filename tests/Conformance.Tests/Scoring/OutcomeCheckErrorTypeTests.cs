using Conformance.Core.Rules;
using Conformance.Core.Scoring;
using Conformance.Core.Scoring.Checks;
using Conformance.Tests.Scenarios;
using static Conformance.Tests.Scoring.CheckCase;

namespace Conformance.Tests.Scoring;

/// <summary>
/// The error's type (docs/adapter-protocol.md, `error_type`): derived from the wire (an Anthropic `event: error`, an
/// embedded `{"error":…}`, a JSON error body), compared only when the client reports one, never a FAIL for not reporting it.
/// </summary>
public sealed class OutcomeCheckErrorTypeTests
{
    private static readonly Rule ErrorEventRule = Rule("llm.anthropic.error-event", CheckKinds.Outcome);

    private static CheckCase AnthropicOverloaded() => Stream("""
        { "anthropic": "message_start" },
        { "anthropic": "content_block_start", "index": 0, "blockType": "text" },
        { "anthropic": "text", "index": 0, "text": "Hi" },
        { "anthropic": "error", "error": { "type": "overloaded_error", "message": "Overloaded" } }
        """, api: "anthropic-messages");

    [Test]
    public void Expectation_TakesTheTypeFromTheWire_ForStreamErrorsAndJsonBodies()
    {
        Assert.That(AnthropicOverloaded().Expectation.Outcome.ErrorType, Is.EqualTo("overloaded_error"));
        var embedded = Stream("""{ "content": "x" }, { "error": { "type": "stream_timeout", "message": "m" } }, { "done": true }""");
        Assert.That(embedded.Expectation.Outcome.ErrorType, Is.EqualTo("stream_timeout"));
        var http = From(ScenarioJson.Parse("""
            { "id": "test.429", "title": "t", "description": "d", "rules": ["http.error.status"], "api": "openai-chat",
              "responses": [ { "status": 429, "body": { "json": { "error": { "type": "rate_limit_error", "message": "slow" } } } } ] }
            """));
        Assert.That(http.Expectation.Outcome.ErrorType, Is.EqualTo("rate_limit_error"));
        var untyped = Stream("""{ "error": { "message": "no type here" } }, { "done": true }""");
        Assert.That(untyped.Expectation.Outcome.ErrorType, Is.Null);
    }

    [Test]
    public void ReportedType_ThatMatches_Passes_AndSaysSo()
    {
        var c = AnthropicOverloaded();
        var r = new OutcomeCheck().Evaluate(c.Input(Lines("""{"type":"error","kind":"api","message":"Overloaded","error_type":"overloaded_error"}""")), ErrorEventRule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Met));
        Assert.That(r.Reason, Does.Contain("type overloaded_error").And.Contain("its type matches the wire's"));
    }

    [Test]
    public void ReportedType_ThatDiffers_IsMissed_QuotingBoth()
    {
        var c = AnthropicOverloaded();
        var r = new OutcomeCheck().Evaluate(c.Input(Lines("""{"type":"error","kind":"api","message":"Overloaded","error_type":"api_error"}""")), ErrorEventRule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That((r.Expected, r.Observed), Is.EqualTo(("overloaded_error", "api_error")));
    }

    [Test]
    public void NoReportedType_IsNeverAFailure()
    {
        var c = AnthropicOverloaded();
        var r = new OutcomeCheck().Evaluate(c.Input(Lines("""{"type":"error","kind":"api","message":"Overloaded"}""")), ErrorEventRule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Met));
    }

    [Test]
    public void ReportedType_WhereTheWireNamesNone_IsNotCompared()
    {
        var c = Stream("""{ "error": { "message": "no type here" } }, { "done": true }""");
        var r = new OutcomeCheck().Evaluate(c.Input(Lines("""{"type":"error","kind":"api","error_type":"server_error"}""")), Rule("llm.error.embedded", CheckKinds.Outcome));
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Met));
    }
}
