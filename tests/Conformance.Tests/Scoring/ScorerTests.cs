using Conformance.Core.Capabilities;
using Conformance.Core.Rules;
using Conformance.Core.Scoring;
using Conformance.Core.Scoring.Checks;
using Conformance.Tests.Scenarios;
using static Conformance.Tests.Scoring.CheckCase;

namespace Conformance.Tests.Scoring;

/// <summary>Attribution across a case's rules (one deviation, one rule), the status capability, and the retry checks.</summary>
public sealed class ScorerTests
{
    private const string Retry429 = """
        {
          "id": "test.retry", "title": "t", "description": "d", "rules": ["http.retry.429"], "api": "openai-chat",
          "client": { "maxRetries": 2 },
          "responses": [
            { "status": 429, "headers": { "Retry-After": "1" }, "body": { "json": { "error": { "message": "slow down" } } } },
            { "stream": { "events": [ { "role": "assistant", "content": "" }, { "content": "Hello" }, { "finish": "stop" }, { "done": true } ] } }
          ]
        }
        """;

    private static readonly Rule RetryRule = Rule("http.retry.429", CheckKinds.Retry) with { Level = RuleLevel.Should };
    private static readonly Rule RetryAfterRule = Rule("http.retry.retry-after", CheckKinds.RetryWait) with { Level = RuleLevel.Should };

    [Test]
    public void RetryCascade_AClientThatDidNotRetry_IsNonStrictOnTheRetryRule_AndTheOtherRulesAreNotReached()
    {
        var c = CheckCase.From(ScenarioJson.Parse(Retry429));
        var oneRequest = c.WithJournal(c.Journal with { Exchanges = [c.Journal.Exchanges[0]] });
        var input = oneRequest.Input(Lines("""{"type":"error","kind":"http","status":429,"message":"slow down"}"""));
        var verdicts = Scorer.Score(input, [RetryRule, RetryAfterRule, ContentRule], false, 20_000, [], "");
        Assert.That(verdicts.Select(v => v.Verdict), Is.EqualTo(new[] { Verdict.NonStrict, Verdict.Skipped, Verdict.Skipped }));
        Assert.That(verdicts[2].Reason, Does.StartWith("not reached: http.retry.429 NON-STRICT"));
        Assert.That(verdicts[1].Reason, Does.StartWith("not reached"));
    }

    [Test]
    public void RetryCase_AClientThatRetried_IsJudgedOnEveryRule()
    {
        var c = CheckCase.From(ScenarioJson.Parse(Retry429));
        var journal = c.Journal with
        {
            Exchanges = [c.Journal.Exchanges[0], c.Journal.Exchanges[1] with { Request = c.Journal.Exchanges[1].Request with { At = c.Journal.Exchanges[0].Request.At.AddMilliseconds(1200) } }],
        };
        var input = c.WithJournal(journal).Input(c.Faithful());
        var verdicts = Scorer.Score(input, [RetryRule, RetryAfterRule, ContentRule], false, 20_000, [], "");
        Assert.That(verdicts.Select(v => v.Verdict), Is.All.EqualTo(Verdict.Pass), string.Join("\n", verdicts.Select(v => v.Reason)));
    }

    [Test]
    public void RetryWait_ARetryBeforeRetryAfter_IsMissed()
    {
        var c = CheckCase.From(ScenarioJson.Parse(Retry429));
        var r = new RetryWaitCheck().Evaluate(c.Input(c.Faithful()), RetryAfterRule); // the fake journal's second request comes 1 s − 10 ms after the first ended
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Met), r.Reason);
        var early = c.WithJournal(c.Journal with
        {
            Exchanges = [c.Journal.Exchanges[0], c.Journal.Exchanges[1] with { Request = c.Journal.Exchanges[1].Request with { At = c.Journal.Exchanges[0].Request.At.AddMilliseconds(200) } }],
        });
        Assert.That(new RetryWaitCheck().Evaluate(early.Input(c.Faithful()), RetryAfterRule).Status, Is.EqualTo(CheckStatus.Missed));
    }

    [Test]
    public void PingCascade_AClientThatYieldsPings_FailsOnlyThePingRule()
    {
        var c = Stream("""
            { "anthropic": "ping" }, { "anthropic": "message_start" }, { "anthropic": "content_block_start", "index": 0, "blockType": "text" },
            { "anthropic": "text", "index": 0, "text": "Hello" }, { "anthropic": "content_block_stop", "index": 0 },
            { "anthropic": "message_delta", "stopReason": "end_turn" }, { "anthropic": "message_stop" }
            """, api: "anthropic-messages", transport: """{ "lineEnding": "crlf", "split": "between-cr-lf" }""", profile: Profiles.Anthropic);
        var crlf = Rule("sse.framing.crlf", CheckKinds.Content);
        var observed = Lines([Chunk("""{"type":"ping"}"""), .. c.Expectation.Chunks.Select(x => Chunk(x.Json)), EndLine("done")]);
        var verdicts = Scorer.Score(c.Input(observed), [PingRule with { Level = RuleLevel.Should }, crlf, ContentRule], false, 20_000, [], "");
        Assert.That(verdicts.Select(v => (v.RuleId, v.Verdict)), Is.EqualTo(new[]
        {
            ("llm.anthropic.ping-ignored", Verdict.NonStrict), ("sse.framing.crlf", Verdict.Pass), ("llm.content.exact", Verdict.Pass),
        }));
    }

    [Test]
    public void StatusCapability_AClientThatCannotSeeStatuses_PassesHttpErrorStatus_WithAnyError()
    {
        var c = CheckCase.From(ScenarioJson.Parse("""
            { "id": "test.401", "title": "t", "description": "d", "rules": ["http.error.status"], "api": "openai-chat",
              "responses": [ { "status": 401, "body": { "json": { "error": { "message": "no" } } } } ] }
            """));
        var status = Rule("http.error.status", CheckKinds.Outcome);
        var eventSourceLike = Lines("""{"type":"error","kind":"network","message":"EventSource could not open the stream"}""");
        Assert.That(new OutcomeCheck().Evaluate(c.Input(eventSourceLike), status).Status, Is.EqualTo(CheckStatus.Missed), "a client that declares status must report http 401");
        var noStatus = ClientCapabilities.Everything with { Features = new HashSet<string> { ClientFeatures.Cancel } };
        var r = new OutcomeCheck().Evaluate(c.Input(eventSourceLike, noStatus), status);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Met), r.Reason);
        Assert.That(r.Reason, Does.Contain("does not declare feature 'status'"));
        Assert.That(new OutcomeCheck().Evaluate(c.Input(Lines(EndLine("eof")), noStatus), status).Status, Is.EqualTo(CheckStatus.Missed), "success is still not an error");
    }

    [Test]
    public void AnInfoRuleMiss_NeverBlocks()
    {
        var c = CheckCase.From(ScenarioJson.Parse(Retry429));
        var oneRequest = c.WithJournal(c.Journal with { Exchanges = [c.Journal.Exchanges[0]] });
        var verdicts = Scorer.Score(oneRequest.Input(Lines("""{"type":"error","kind":"http","status":429}""")), [RetryRule with { Level = RuleLevel.Info }, ContentRule], false, 20_000, [], "");
        Assert.That(verdicts[1].Verdict, Is.Not.EqualTo(Verdict.Skipped), "an INFO rule reports, it does not take other rules with it");
    }
}
