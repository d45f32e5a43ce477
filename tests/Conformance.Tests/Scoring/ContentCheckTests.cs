using Conformance.Core.Capabilities;
using Conformance.Core.Rules;
using Conformance.Core.Scoring;
using Conformance.Core.Scoring.Checks;
using static Conformance.Tests.Scoring.CheckCase;

namespace Conformance.Tests.Scoring;

/// <summary>The content check (llm.content.exact and every rule proven by exact content), at each observation level.</summary>
public sealed class ContentCheckTests
{
    private static readonly ContentCheck Check = new();

    private static readonly CheckCase Chat = Stream("""{ "role": "assistant", "content": "" }, { "content": "Grüße" }, { "content": ", café" }, { "finish": "stop" }, { "done": true }""");

    private static readonly CheckCase AnthropicWithPings = Stream("""
        { "anthropic": "ping" }, { "anthropic": "message_start" }, { "anthropic": "content_block_start", "index": 0, "blockType": "text" },
        { "anthropic": "text", "index": 0, "text": "Hello" }, { "anthropic": "ping" }, { "anthropic": "text", "index": 0, "text": " world" },
        { "anthropic": "content_block_stop", "index": 0 }, { "anthropic": "message_delta", "stopReason": "end_turn" }, { "anthropic": "message_stop" }
        """, api: "anthropic-messages", profile: Profiles.Anthropic);

    [Test]
    public void ObjectLevel_TheEventsAsSent_Pass()
    {
        var r = Check.Evaluate(Chat.Input(Chat.Faithful()), ContentRule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Met), r.Reason);
    }

    [Test]
    public void ObjectLevel_TypedSdkJson_WithoutNullMembers_Passes_SemanticMatching()
    {
        // What the OpenAI .NET SDK's ModelReaderWriter writes back: no "finish_reason": null, other key order.
        var observed = Chat.Expectation.Chunks.Select(c => c.Json.Replace(",\"finish_reason\":null", "", StringComparison.Ordinal)).ToList();
        Assert.That(observed[1], Does.Not.Contain("finish_reason"));
        var r = Check.Evaluate(Chat.Input(Lines([.. observed.Select(Chunk), EndLine("done")])), ContentRule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Met), r.Reason);
    }

    [Test]
    public void ObjectLevel_AGarbledCharacter_Fails_ChunkDiffers_NamingUFFFD()
    {
        var observed = Chat.Expectation.Chunks.Select(c => c.Json.Replace("ü", "\uFFFD", StringComparison.Ordinal)).ToList();
        var r = Check.Evaluate(Chat.Input(Lines([.. observed.Select(Chunk), EndLine("done")])), ContentRule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(r.Reason, Does.StartWith("chunk #2 differs from the event the server sent: it contains U+FFFD"));
        Assert.That(r.Evidence, Does.StartWith("attempt 1, write #"), "a FAIL points into the wire transcript");
    }

    [Test]
    public void ObjectLevel_AMissingChunk_Fails_NamingTheMissingEvent()
    {
        var r = Check.Evaluate(Chat.Input(Lines(Chunk(Chat.Expectation.Chunks[0].Json), EndLine("done"))), ContentRule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(r.Reason, Does.Contain("event #2 is missing"));
    }

    [Test]
    public void ObjectLevel_AnUnexplainedExtraChunk_Fails_WhenNoOtherRuleJudgesIt()
    {
        var r = Check.Evaluate(Chat.Input(Lines([.. Chat.Expectation.Chunks.Select(c => Chunk(c.Json)), Chunk("""{"bogus":1}"""), EndLine("done")])), ContentRule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(r.Reason, Does.StartWith("chunk #5 is extra"));
    }

    [Test]
    public void PingCascade_AYieldedPing_IsChargedToThePingRule_ContentStillPasses()
    {
        var observed = Lines([Chunk("""{"type":"ping"}"""), .. AnthropicWithPings.Expectation.Chunks.Select(c => Chunk(c.Json)), EndLine("done")]);
        var alone = Check.Evaluate(AnthropicWithPings.Input(observed, null, ContentRule), ContentRule);
        Assert.That(alone.Status, Is.EqualTo(CheckStatus.Missed), "with no ping rule in the case, content carries the deviation");
        var withPingRule = Check.Evaluate(AnthropicWithPings.Input(observed, null, ContentRule, PingRule), ContentRule);
        Assert.That(withPingRule.Status, Is.EqualTo(CheckStatus.Met), withPingRule.Reason);
        Assert.That(withPingRule.Reason, Does.Contain("judged by the rule about them"));
    }

    [Test]
    public void TextLevel_TokensThatAssembleTheText_Pass()
    {
        var r = Check.Evaluate(Chat.Input(Lines(Chunk("\"Grüße\""), Chunk("\", café\""), EndLine("done"))), ContentRule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Met), r.Reason);
    }

    [Test]
    public void TextLevel_OnAToolCallOnlyStream_IsSkipped_ClientReportsTextOnly()
    {
        var tools = Stream("""{ "role": "assistant" }, { "toolCall": { "index": 0, "id": "call_1", "name": "f", "arguments": "{}" } }, { "finish": "tool_calls" }, { "done": true }""");
        var text = ClientCapabilities.Everything with { Observes = ObservationLevel.Text };
        var r = Check.Evaluate(tools.Input(Lines(EndLine("done")), text), ContentRule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.NotApplicable));
        Assert.That(r.Reason, Does.Contain("the client reports text only"));
    }

    [Test]
    public void TextLevel_ALateTokenAfterDone_IsChargedToNothingAfter_WhenTheCaseCitesIt()
    {
        var late = Stream("""{ "role": "assistant", "content": "" }, { "content": "Hello" }, { "finish": "stop" }, { "done": true }, { "content": " LATE" }""");
        var observed = Lines(Chunk("\"Hello\""), Chunk("\" LATE\""), EndLine("done"));
        Assert.That(Check.Evaluate(late.Input(observed, null, ContentRule), ContentRule).Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(Check.Evaluate(late.Input(observed, null, ContentRule, AfterDoneRule), ContentRule).Status, Is.EqualTo(CheckStatus.Met));
    }

    [Test]
    public void MessageLevel_ComparesTheMessageContent()
    {
        var message = ClientCapabilities.Everything with { Observes = ObservationLevel.Message };
        Assert.That(Check.Evaluate(Chat.Input(Lines("""{"type":"message","content":"Grüße, café"}""", EndLine("done")), message), ContentRule).Status, Is.EqualTo(CheckStatus.Met));
        var wrong = Check.Evaluate(Chat.Input(Lines("""{"type":"message","content":"Grüße"}""", EndLine("done")), message), ContentRule);
        Assert.That(wrong.Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(wrong.Reason, Does.StartWith("the message's content differs at character 5"));
    }

    [Test]
    public void AnAcceptedErrorInsteadOfContent_IsNotApplicable()
    {
        var noType = Stream("""{ "content": "Hi" }, { "done": true }""", extra: "\"headers\": { \"Content-Type\": null },");
        var r = Check.Evaluate(noType.Input(Lines("""{"type":"error","kind":"http","message":"wrong content type"}""")), ContentRule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.NotApplicable), r.Reason);
    }
}
