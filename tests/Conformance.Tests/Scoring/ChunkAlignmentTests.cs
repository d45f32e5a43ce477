using System.Text.Json;
using Conformance.Core.Scoring;

namespace Conformance.Tests.Scoring;

/// <summary>Chunks are aligned to the server's events by content, not position (one extra chunk is one deviation).</summary>
public sealed class ChunkAlignmentTests
{
    private static readonly CheckCase Anthropic = CheckCase.Stream("""
        { "anthropic": "message_start" }, { "anthropic": "content_block_start", "index": 0, "blockType": "text" },
        { "anthropic": "ping" }, { "anthropic": "text", "index": 0, "text": "Hi" },
        { "anthropic": "content_block_stop", "index": 0 }, { "anthropic": "message_delta", "stopReason": "end_turn" }, { "anthropic": "message_stop" }
        """, api: "anthropic-messages", profile: Conformance.Core.Rules.Profiles.Anthropic);

    private static List<JsonElement> Expected(CheckCase c) => [.. c.Expectation.Chunks.Select(x => JsonDocument.Parse(x.Json).RootElement)];

    [Test]
    public void AFaithfulStream_AlignsAsAllMatches()
    {
        var steps = ChunkAlignment.Align(Anthropic.Expectation, Expected(Anthropic), Anthropic.Scenario.Api);
        Assert.That(steps.Select(s => s.Kind), Is.All.EqualTo(AlignmentKind.Match));
        Assert.That(Anthropic.Expectation.Dropped.Select(d => d.Kind), Is.EqualTo(new[] { PhantomKinds.Ping }), "the ping is an event a correct client drops");
    }

    [Test]
    public void AYieldedPing_IsOneExtraOfKindPing_AndEveryOtherChunkStillMatches()
    {
        var observed = Expected(Anthropic);
        observed.Insert(2, JsonDocument.Parse("""{"type":"ping"}""").RootElement);
        var steps = ChunkAlignment.Align(Anthropic.Expectation, observed, Anthropic.Scenario.Api);
        Assert.That(steps.Count(s => s.Kind == AlignmentKind.Match), Is.EqualTo(Anthropic.Expectation.Chunks.Count));
        var extra = steps.Single(s => s.Kind != AlignmentKind.Match);
        Assert.That((extra.Kind, extra.Observed, extra.Phantom), Is.EqualTo((AlignmentKind.Extra, (int?)2, PhantomKinds.Ping)));
    }

    [Test]
    public void AGarbledChunk_Differs_InPlace_WithThePathOfTheDifference()
    {
        var c = CheckCase.Stream("""{ "role": "assistant", "content": "" }, { "content": "café" }, { "finish": "stop" }, { "done": true }""");
        var observed = Expected(c);
        observed[1] = JsonDocument.Parse(c.Expectation.Chunks[1].Json.Replace("é", "\uFFFD", StringComparison.Ordinal)).RootElement;
        var steps = ChunkAlignment.Align(c.Expectation, observed, c.Scenario.Api);
        var differs = steps.Single(s => s.Kind == AlignmentKind.Differs);
        Assert.That(differs.Expected, Is.EqualTo(1));
        Assert.That(differs.Difference, Does.StartWith("$.choices[0].delta.content:"));
    }

    [Test]
    public void AMissingChunk_IsMissing_AndTheRestStillMatches()
    {
        var c = CheckCase.Stream("""{ "role": "assistant", "content": "" }, { "content": "a" }, { "content": "b" }, { "finish": "stop" }, { "done": true }""");
        var observed = Expected(c);
        observed.RemoveAt(1);
        var steps = ChunkAlignment.Align(c.Expectation, observed, c.Scenario.Api);
        Assert.That(steps.Select(s => s.Kind), Is.EqualTo(new[] { AlignmentKind.Match, AlignmentKind.Missing, AlignmentKind.Match, AlignmentKind.Match }));
    }

    [Test]
    public void DataAfterDone_Yielded_IsAnExtraOfKindAfterTerminator()
    {
        var c = CheckCase.Stream("""{ "role": "assistant", "content": "" }, { "content": "Hello" }, { "finish": "stop" }, { "done": true }, { "content": " LATE" }""");
        var late = JsonDocument.Parse(c.Expectation.Dropped.Single(d => d.Kind == PhantomKinds.AfterTerminator).Data).RootElement;
        var steps = ChunkAlignment.Align(c.Expectation, [.. Expected(c), late], c.Scenario.Api);
        Assert.That(steps[^1].Phantom, Is.EqualTo(PhantomKinds.AfterTerminator));
        Assert.That(ChunkAlignment.Classify(c.Expectation, JsonDocument.Parse("\" LATE\"").RootElement, c.Scenario.Api).Kind,
            Is.EqualTo(PhantomKinds.AfterTerminator), "a text token of a late event is classified by its text");
    }

    [TestCase("\"[DONE]\"", PhantomKinds.Terminator)]
    [TestCase("\": keep-alive\"", PhantomKinds.Comment)]
    [TestCase("\"Hello\"", PhantomKinds.Unexplained)]
    [TestCase("{}", PhantomKinds.Unexplained)]
    public void Classify_Tokens(string chunk, string kind)
    {
        var c = CheckCase.Stream("""{ "content": "Hello" }, { "done": true }""");
        Assert.That(ChunkAlignment.Classify(c.Expectation, JsonDocument.Parse(chunk).RootElement, c.Scenario.Api).Kind, Is.EqualTo(kind));
    }
}
