using System.Text.Json;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Tests.Scenarios;

namespace Conformance.Tests.Scoring;

/// <summary>
/// What a correct client produces, derived from the scenario's own bytes under a profile: the outcome for each
/// ending, the requests (retries, Retry-After), HTTP-level errors, and the aspects a silent profile leaves undefined.
/// </summary>
[TestFixture]
public sealed class ExpectationBuilderTests
{
    private const string Hello = """{ "role": "assistant", "content": "" }, { "content": "Hello" }, { "content": ", world" }, { "finish": "stop" }""";
    private const string HelloDone = Hello + """, { "done": true }""";

    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A scenario with several responses (attempt 1, 2, …) and client settings.</summary>
    private static Scenario Scenario(string responses, string client = "{}", string api = "openai-chat") => ScenarioJson.Parse($$"""
        { "id": "test.case", "title": "t", "description": "d", "rules": ["test.rule"], "api": "{{api}}",
          "client": {{client}}, "responses": [ {{responses}} ] }
        """);

    private static Scenario Stream(string events, string transport = "{}", string api = "openai-chat", string extra = "", string client = "{}") =>
        Scenario($$"""{ {{extra}} "stream": { "events": [ {{events}} ], "transport": {{transport}} } }""", client, api);

    private static Expectation Build(Scenario s, Profile? profile = null, TimeProvider? time = null) =>
        ExpectationBuilder.Build(s, profile ?? Profiles.OpenAi, time ?? new FixedTime(Now));

    private static string Content(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var c) ? c.GetString() ?? "" : "";

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    // ---- Outcome per ending --------------------------------------------------------------------------------

    [Test]
    public void CleanEnd_WithoutTerminator_IsEof_WithEveryChunkAndTheAssembledMessage()
    {
        var e = Build(Stream(Hello));
        Assert.That(e.Outcome.Kind, Is.EqualTo("eof"));
        Assert.That(e.Outcome.ErrorKinds, Is.Empty);
        Assert.That(e.Outcome.Why, Is.EqualTo("the body ends cleanly without a terminator"));
        Assert.That(e.Chunks.Select(c => Content(c.Json)), Is.EqualTo(new[] { "", "Hello", ", world", "" }));
        Assert.That(e.Text, Is.EqualTo("Hello, world"));
        Assert.That(e.FinishReason, Is.EqualTo("stop"));
        Assert.That(e.Attempts, Is.EqualTo(1));
        Assert.That(e.RetryWaitsMs, Is.Empty);
        Assert.That(e.Undefined, Is.Empty);
        Assert.That(e.Profile, Is.EqualTo("openai"));
    }

    [Test]
    public void Done_IsTheDoneOutcome_AndIsNotAChunk()
    {
        var e = Build(Stream(HelloDone));
        Assert.That(e.Outcome, Is.EqualTo(new ExpectedOutcome("done", [], null, "the stream ends with data: [DONE]")).Using<ExpectedOutcome>(SameOutcome));
        Assert.That(e.Chunks, Has.Count.EqualTo(4));
    }

    [Test]
    public void Done_DataAfterItIsNotExpected()
    {
        // 003: "check [DONE] before parsing"; nothing after the terminator is a chunk.
        var e = Build(Stream(HelloDone + """, { "content": "late" }"""));
        Assert.That(e.Text, Is.EqualTo("Hello, world"));
        Assert.That(e.Outcome.Kind, Is.EqualTo("done"));
    }

    [Test]
    public void Anthropic_MessageStop_IsTheDoneOutcome_AndPingsAreNotChunks()
    {
        var e = Build(Stream("""
            { "anthropic": "message_start" }, { "anthropic": "content_block_start", "index": 0, "blockType": "text" },
            { "anthropic": "ping" }, { "anthropic": "text", "index": 0, "text": "Hi" }, { "anthropic": "message_stop" }
            """, api: "anthropic-messages"), Profiles.Anthropic);
        Assert.That(e.Outcome.Kind, Is.EqualTo("done"));
        Assert.That(e.Outcome.Why, Is.EqualTo("the stream ends with event: message_stop"));
        Assert.That(e.Chunks.Select(c => JsonDocument.Parse(c.Json).RootElement.GetProperty("type").GetString()),
            Is.EqualTo(new[] { "message_start", "content_block_start", "content_block_delta", "message_stop" }));
        Assert.That(e.Text, Is.EqualTo("Hi"));
    }

    [Test]
    public void HoldOpen_ThenClean_IsLikeACleanEnd()
    {
        Assert.That(Build(Stream(Hello, """{ "end": { "kind": "hold-open", "ms": 100 } }""")).Outcome.Kind, Is.EqualTo("eof"));
        Assert.That(Build(Stream(HelloDone, """{ "end": { "kind": "hold-open", "ms": 100 } }""")).Outcome.Kind, Is.EqualTo("done"));
    }

    [TestCase("fin", "the connection is closed (FIN) in the middle of the body, before any terminator")]
    [TestCase("reset", "the connection is reset (RST) before any terminator")]
    public void FinOrReset_BeforeTheTerminator_IsANetworkError_KeepingTheCompleteEvents(string kind, string why)
    {
        // Cut inside the third event: the first two are complete, the cut one is never a chunk.
        var full = ScenarioCompiler.Compile(Stream(HelloDone), 1).Body();
        var cut = IndexOfNth(full, "\n\n"u8.ToArray(), 2) + 2 + 10;
        var e = Build(Stream(HelloDone, $$"""{ "end": { "kind": "{{kind}}", "afterBytes": {{cut}} } }"""));
        Assert.That(e.Outcome.Kind, Is.EqualTo("error"));
        Assert.That(e.Outcome.ErrorKinds, Is.EqualTo(new[] { "network" }));
        Assert.That(e.Outcome.Status, Is.Null);
        Assert.That(e.Outcome.Why, Is.EqualTo(why));
        Assert.That(e.Text, Is.EqualTo("Hello"));
    }

    [Test]
    public void Fin_AfterTheTerminator_IsDone()
    {
        // A FIN after [DONE] cuts nothing a client needs: the stream's own terminator decides.
        var length = ScenarioCompiler.Compile(Stream(HelloDone), 1).Body().Length;
        Assert.That(Build(Stream(HelloDone, $$"""{ "end": { "kind": "fin", "afterBytes": {{length}} } }""")).Outcome.Kind, Is.EqualTo("done"));
    }

    [Test]
    public void Fin_UnderAFlushingProfile_DoesNotFlushTheCutEvent()
    {
        // Only a clean end lets a trailing event be flushed: a FIN is a failure, not an end of stream.
        var full = ScenarioCompiler.Compile(Stream(HelloDone), 1).Body();
        var cut = IndexOfNth(full, "\n\n"u8.ToArray(), 2) + 2 + 10;
        var e = Build(Stream(HelloDone, $$"""{ "end": { "kind": "fin", "afterBytes": {{cut}} } }"""), Profiles.Bastion);
        Assert.That(e.Text, Is.EqualTo("Hello"));
        Assert.That(e.Outcome.ErrorKinds, Is.EqualTo(new[] { "network" }));
        Assert.That(e.Undefined, Is.Empty);
    }

    [Test]
    public void Stall_WithIdleTimeout_IsATimeoutError()
    {
        var e = Build(Stream(Hello, """{ "end": { "kind": "stall", "ms": 3000 } }""", client: """{ "idleTimeoutMs": 400 }"""));
        Assert.That(e.Outcome.Kind, Is.EqualTo("error"));
        Assert.That(e.Outcome.ErrorKinds, Is.EqualTo(new[] { "timeout" }));
        Assert.That(e.Outcome.Why, Is.EqualTo("the server stops sending; the client's 400 ms idle timeout must fire"));
        Assert.That(e.Text, Is.EqualTo("Hello, world"));
    }

    [Test]
    public void Stall_WithoutIdleTimeout_IsATimeoutOrTheLaterReset()
    {
        var e = Build(Stream(Hello, """{ "end": { "kind": "stall", "ms": 3000 } }"""));
        Assert.That(e.Outcome.ErrorKinds, Is.EqualTo(new[] { "timeout", "network" }));
        Assert.That(e.Outcome.Why, Is.EqualTo("the server stops sending and later resets the connection"));
    }

    [Test]
    public void Stall_AfterTheTerminator_IsDone()
    {
        Assert.That(Build(Stream(HelloDone, """{ "end": { "kind": "stall", "ms": 3000 } }""", client: """{ "idleTimeoutMs": 400 }""")).Outcome.Kind,
            Is.EqualTo("done"));
    }

    // ---- Attempts and Retry-After --------------------------------------------------------------------------

    private const string Ok = $$"""{ "stream": { "events": [ {{HelloDone}} ] } }""";

    [Test]
    public void Retryable_ThenStream_WithRetriesAllowed_ExpectsTheRetry_AndTheFinalStream()
    {
        var e = Build(Scenario($$"""{ "status": 429, "body": "slow down" }, {{Ok}}""", """{ "maxRetries": 2 }"""));
        Assert.That(e.Attempts, Is.EqualTo(2));
        Assert.That(e.RetryWaitsMs, Is.EqualTo(new int?[] { null }), "no Retry-After: no least wait");
        Assert.That(e.Outcome.Kind, Is.EqualTo("done"));
        Assert.That(e.Text, Is.EqualTo("Hello, world"));
    }

    [Test]
    public void RetryAfter_Seconds_IsTheLeastWait()
    {
        var e = Build(Scenario($$"""{ "status": 503, "headers": { "Retry-After": "3" }, "body": "x" }, {{Ok}}""", """{ "maxRetries": 1 }"""));
        Assert.That(e.RetryWaitsMs, Is.EqualTo(new int?[] { 3000 }));
    }

    [Test]
    public void RetryAfter_HttpDateInThePast_IsRetryNow()
    {
        // RFC 9110 §10.2.3: an HTTP-date; a date in the past means no wait.
        var e = Build(Scenario($$"""{ "status": 503, "headers": { "Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT" }, "body": "x" }, {{Ok}}""", """{ "maxRetries": 1 }"""));
        Assert.That(e.RetryWaitsMs, Is.EqualTo(new int?[] { 0 }));
    }

    [Test]
    public void RetryAfter_HttpDateInTheFuture_IsTheTimeUntilThen_OnTheInjectedClock()
    {
        var date = Now.AddSeconds(7).ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        var e = Build(Scenario($$"""{ "status": 429, "headers": { "Retry-After": "{{date}}" }, "body": "x" }, {{Ok}}""", """{ "maxRetries": 1 }"""));
        Assert.That(e.RetryWaitsMs, Is.EqualTo(new int?[] { 7000 }));
    }

    [TestCase("soon", TestName = "RetryAfter_Garbage_IsNoWait")]
    [TestCase("-5", TestName = "RetryAfter_NegativeSeconds_IsNoWait")]
    [TestCase("1.5", TestName = "RetryAfter_FractionalSeconds_IsNoWait")]
    public void RetryAfter_Unparseable_GivesNoLeastWait(string value)
    {
        var e = Build(Scenario($$"""{ "status": 429, "headers": { "Retry-After": "{{value}}" }, "body": "x" }, {{Ok}}""", """{ "maxRetries": 1 }"""));
        Assert.That(e.RetryWaitsMs, Is.EqualTo(new int?[] { null }));
    }

    [Test]
    public void RetryAfter_OnePerRetry_InOrder()
    {
        var e = Build(Scenario($$"""
            { "status": 429, "headers": { "Retry-After": "1" }, "body": "x" },
            { "status": 502, "body": "x" },
            { "status": 503, "headers": { "Retry-After": "2" }, "body": "x" }, {{Ok}}
            """, """{ "maxRetries": 3 }"""));
        Assert.That(e.Attempts, Is.EqualTo(4));
        Assert.That(e.RetryWaitsMs, Is.EqualTo(new int?[] { 1000, null, 2000 }));
    }

    [Test]
    public void Retryable_WithoutRetriesAllowed_IsThatHttpError_OnTheFirstAttempt()
    {
        var e = Build(Scenario($$"""{ "status": 429, "body": "slow down" }, {{Ok}}"""));
        Assert.That(e.Attempts, Is.EqualTo(1));
        Assert.That(e.RetryWaitsMs, Is.Empty);
        Assert.That(e.Outcome.Kind, Is.EqualTo("error"));
        Assert.That(e.Outcome.ErrorKinds, Is.EqualTo(new[] { "http" }));
        Assert.That(e.Outcome.Status, Is.EqualTo(429));
        Assert.That(e.Outcome.Why, Is.EqualTo("attempt 1 answers HTTP 429 and the case allows no retries"));
    }

    [Test]
    public void Retryable_RetriesExhausted_IsTheLastAttemptsHttpError()
    {
        var e = Build(Scenario("""{ "status": 500, "body": "x" }""", """{ "maxRetries": 2 }"""));
        Assert.That(e.Attempts, Is.EqualTo(3), "1 + maxRetries");
        Assert.That(e.RetryWaitsMs, Is.EqualTo(new int?[] { null, null }));
        Assert.That(e.Outcome.Status, Is.EqualTo(500));
        Assert.That(e.Outcome.Why, Is.EqualTo("attempt 3 answers HTTP 500"));
    }

    [TestCase(400)]
    [TestCase(401)]
    [TestCase(404)]
    public void NotRetryable_IsNeverRetried_EvenWithRetriesAllowed(int status)
    {
        var e = Build(Scenario($$"""{ "status": {{status}}, "body": { "json": { "error": { "message": "no" } } } }, {{Ok}}""", """{ "maxRetries": 2 }"""));
        Assert.That(e.Attempts, Is.EqualTo(1));
        Assert.That(e.Outcome.Status, Is.EqualTo(status));
        Assert.That(e.Outcome.Why, Is.EqualTo($"attempt 1 answers HTTP {status}"));
    }

    [Test]
    public void RetryableStatuses_AreTheDocumentedOnes()
    {
        // 004: "HTTP 429 … Retry with backoff", "HTTP 5xx … Retry with backoff" (plus 408 and Anthropic's 529).
        Assert.That(ExpectationBuilder.RetryableStatuses, Is.EquivalentTo(new[] { 408, 429, 500, 502, 503, 504, 529 }));
    }

    // ---- HTTP-level errors ---------------------------------------------------------------------------------

    [TestCase(400)]
    [TestCase(401)]
    [TestCase(500)]
    [TestCase(302)]
    public void Non2xx_IsAnHttpErrorWithTheStatus_AndNoContent(int status)
    {
        var e = Build(Scenario($$"""{ "status": {{status}}, "body": "<html>nope</html>" }"""));
        Assert.That(e.Outcome.Kind, Is.EqualTo("error"));
        Assert.That(e.Outcome.ErrorKinds, Is.EqualTo(new[] { "http" }));
        Assert.That(e.Outcome.Status, Is.EqualTo(status));
        Assert.That(e.Chunks, Is.Empty);
        Assert.That(e.Text, Is.Empty);
        Assert.That(e.Undefined, Is.Empty);
    }

    [Test]
    public void Non2xx_WithAStreamBody_IsStillAnHttpError()
    {
        var e = Build(Stream(HelloDone, extra: "\"status\": 500,"));
        Assert.That(e.Outcome.Status, Is.EqualTo(500));
        Assert.That(e.Chunks, Is.Empty);
    }

    [Test]
    public void JsonBody200_IsAnError_WhicheverLayerReportsIt()
    {
        var e = Build(Scenario("""{ "status": 200, "body": { "json": { "error": { "message": "overloaded" } } } }"""));
        Assert.That(e.Outcome.Kind, Is.EqualTo("error"));
        Assert.That(e.Outcome.ErrorKinds, Is.EqualTo(new[] { "http", "api", "parse" }));
        Assert.That(e.Outcome.Status, Is.Null);
        Assert.That(e.Outcome.Why, Is.EqualTo("attempt 1 answers 200 with an application/json body instead of a stream"));
        Assert.That(e.Chunks, Is.Empty);
    }

    [Test]
    public void JsonContentTypeWithParameters_OnAStream_IsStillAJsonError()
    {
        var e = Build(Stream(HelloDone, extra: """ "headers": { "Content-Type": "Application/JSON; charset=utf-8" }, """));
        Assert.That(e.Outcome.ErrorKinds, Is.EqualTo(new[] { "http", "api", "parse" }));
    }

    [Test]
    public void MissingContentType_TheStreamIsExpected_OrAClearError()
    {
        var e = Build(Stream(HelloDone, extra: """ "headers": { "Content-Type": null }, """));
        Assert.That(e.Outcome.Kind, Is.EqualTo("done"));
        Assert.That(e.Outcome.ErrorKinds, Is.EqualTo(new[] { "http", "parse", "other" }));
        Assert.That(e.Outcome.Why, Is.EqualTo("the stream ends with data: [DONE]; the Content-Type is missing, so a strict client may refuse the body"));
        Assert.That(e.Text, Is.EqualTo("Hello, world"));
        Assert.That(e.Outcome.Accepts("done", null, null) && e.Outcome.Accepts("error", "http", null), Is.True);
        Assert.That(e.Outcome.Accepts("eof", null, null), Is.False);
    }

    [Test]
    public void WrongContentType_TheStreamIsExpected_OrAClearError_NamingTheType()
    {
        var e = Build(Stream(HelloDone, extra: """ "headers": { "Content-Type": "text/plain" }, """));
        Assert.That(e.Outcome.ErrorKinds, Is.EqualTo(new[] { "http", "parse", "other" }));
        Assert.That(e.Outcome.Why, Does.EndWith("the Content-Type is 'text/plain', so a strict client may refuse the body"));
    }

    [Test]
    public void EventStreamContentType_IsCaseInsensitive_AndTakesParameters()
    {
        var e = Build(Stream(HelloDone, extra: """ "headers": { "Content-Type": "Text/Event-Stream;charset=UTF-8" }, """));
        Assert.That(e.Outcome.ErrorKinds, Is.Empty);
    }

    [Test]
    public void Gzip_TheBodyIsDecodedBeforeParsing()
    {
        var plain = Build(Stream(HelloDone));
        var gzip = Build(Stream(HelloDone, extra: "\"gzip\": true,"));
        Assert.That(gzip.Chunks, Is.EqualTo(plain.Chunks), "same events, same offsets (in decoded bytes)");
        Assert.That(gzip.Outcome.Kind, Is.EqualTo("done"));
    }

    [Test]
    public void Gzip_CutByAFin_DecodesAsFarAsItGoes()
    {
        var full = ScenarioCompiler.Compile(Stream(HelloDone), 1).Body();
        var cut = IndexOfNth(full, "\n\n"u8.ToArray(), 2) + 2 + 10;
        var e = Build(Stream(HelloDone, $$"""{ "end": { "kind": "fin", "afterBytes": {{cut}} } }""", extra: "\"gzip\": true,"));
        Assert.That(e.Text, Is.EqualTo("Hello"));
        Assert.That(e.Outcome.ErrorKinds, Is.EqualTo(new[] { "network" }));
    }

    // ---- Cancellation --------------------------------------------------------------------------------------

    [Test]
    public void CancelAfter_TruncatesToThatManyChunks_AndTheOutcomeIsCancelled()
    {
        var e = Build(Stream(HelloDone, client: """{ "cancelAfter": 2 }"""));
        Assert.That(e.Chunks, Has.Count.EqualTo(2));
        Assert.That(e.Text, Is.EqualTo("Hello"));
        Assert.That(e.Outcome.Kind, Is.EqualTo("cancelled"));
        Assert.That(e.Outcome.Why, Is.EqualTo("the client stops after 2 chunks"));
        Assert.That(e.FinishReason, Is.Null, "the finish chunk is never reached");
    }

    [Test]
    public void CancelAfter_ExactlyTheChunkCount_IsStillCancelled()
    {
        Assert.That(Build(Stream(HelloDone, client: """{ "cancelAfter": 4 }""")).Outcome.Kind, Is.EqualTo("cancelled"));
    }

    [Test]
    public void CancelAfter_MoreThanTheStreamHas_IsTheStreamsOwnOutcome()
    {
        var e = Build(Stream(HelloDone, client: """{ "cancelAfter": 50 }"""));
        Assert.That(e.Outcome.Kind, Is.EqualTo("done"));
        Assert.That(e.Chunks, Has.Count.EqualTo(4));
    }

    // ---- Points a profile is silent on ---------------------------------------------------------------------

    [Test]
    public void SilentOnBareCr_AStreamWithBareCrs_LeavesContentAndOutcomeUndefined()
    {
        var e = Build(Stream(HelloDone, """{ "lineEnding": "cr", "split": "single" }"""), Profiles.Conduit);
        var why = "profile 'conduit' does not say whether a lone CR ends a line, and this stream depends on it";
        Assert.That(e.Undefined, Is.EquivalentTo(new Dictionary<string, string> { ["content"] = why, ["events"] = why, ["outcome"] = why }));
        // The profile's own first reading (bare CR ends lines) is still what the expectation shows.
        Assert.That(e.Text, Is.EqualTo("Hello, world"));
    }

    [Test]
    public void SilentOnBareCr_AStreamWithoutBareCrs_IsDefined()
    {
        Assert.That(Build(Stream(HelloDone, """{ "lineEnding": "crlf" }"""), Profiles.Conduit).Undefined, Is.Empty);
    }

    [Test]
    public void ProfileDecidesBareCr_AStreamWithBareCrs_IsDefined()
    {
        var e = Build(Stream(HelloDone, """{ "lineEnding": "cr", "split": "single" }"""), Profiles.Whatwg);
        Assert.That(e.Undefined, Is.Empty);
        Assert.That(e.Text, Is.EqualTo("Hello, world"));
    }

    [Test]
    public void SilentOnBom_ALeadingBom_LeavesContentUndefined_ButNotTheOutcome()
    {
        var e = Build(Stream(HelloDone, """{ "bom": true }"""), Profiles.Conduit);
        Assert.That(e.Undefined, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["content"] = "profile 'conduit' does not say whether a leading BOM is skipped, and this stream depends on it",
            ["events"] = "profile 'conduit' does not say whether a leading BOM is skipped, and this stream depends on it",
        }));
        Assert.That(e.Outcome.Kind, Is.EqualTo("done"));
    }

    [Test]
    public void SilentOnTrailingEvent_AnUnterminatedLastEvent_LeavesContentUndefined()
    {
        var e = Build(Stream(Hello + """, { "raw": "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"!\"}}]}\n" }"""), Profiles.Conduit);
        Assert.That(e.Undefined, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["content"] = "profile 'conduit' does not say whether a final event without its blank line is dispatched, and this stream depends on it",
            ["events"] = "profile 'conduit' does not say whether a final event without its blank line is dispatched, and this stream depends on it",
        }));
        Assert.That(e.Text, Is.EqualTo("Hello, world"), "the first reading: discarded");
    }

    [Test]
    public void FlushingProfile_AnUnterminatedLastEvent_IsExpected()
    {
        var e = Build(Stream(Hello + """, { "raw": "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"!\"}}]}\n" }"""), Profiles.Bastion);
        Assert.That(e.Text, Is.EqualTo("Hello, world!"));
        Assert.That(e.Undefined, Is.Empty);
    }

    [Test]
    public void SilentOnSeveralPoints_TheReasonNamesEveryPointThisStreamDependsOn()
    {
        // BOM and bare CR together: the variants that differ on both are named with both points.
        var e = Build(Stream(HelloDone, """{ "lineEnding": "cr", "split": "single", "bom": true }"""), Profiles.Conduit);
        Assert.That(e.Undefined.Keys, Is.EquivalentTo(new[] { "content", "events", "outcome" }));
        Assert.That(e.Undefined["content"], Does.StartWith("profile 'conduit' does not say whether"));
    }

    [Test]
    public void ProfileNotCoveringTheApi_LeavesEverythingUndefined()
    {
        var e = Build(Stream("""{ "anthropic": "message_start" }, { "anthropic": "message_stop" }""", api: "anthropic-messages"), Profiles.Bastion);
        Assert.That(e.Undefined, Is.EquivalentTo(new Dictionary<string, string>
        {
            [ExpectationBuilder.AllAspects] = "profile 'bastion' does not cover the anthropic-messages API",
        }));
        Assert.That(e.Chunks, Is.Empty);
        Assert.That(e.Attempts, Is.EqualTo(1));
        Assert.That(e.Outcome.Why, Is.EqualTo("not covered"));
    }

    // ---- Embedded errors and non-JSON data -----------------------------------------------------------------

    private const string EmbeddedError = """
        { "role": "assistant", "content": "" }, { "content": "Partial" },
        { "error": { "message": "boom", "type": "server_error" } }, { "done": true }
        """;

    [Test]
    public void EmbeddedError_ProfileRaisesThem_IsAnApiError_AfterThePartialContent()
    {
        var e = Build(Stream(EmbeddedError), Profiles.OpenAi);
        Assert.That(e.Outcome.Kind, Is.EqualTo("error"));
        Assert.That(e.Outcome.ErrorKinds, Is.EqualTo(new[] { "api" }));
        Assert.That(e.Outcome.Why, Is.EqualTo("the stream carries an error event"));
        Assert.That(e.Text, Is.EqualTo("Partial"));
        Assert.That(e.Chunks, Has.Count.EqualTo(2), "the error event is not a chunk");
        Assert.That(e.Undefined, Is.Empty);
    }

    [Test]
    public void EmbeddedError_ProfileSilent_LeavesContentAndOutcomeUndefined_NamingTheOffset()
    {
        var s = Stream(EmbeddedError);
        var body = ScenarioCompiler.Compile(s, 1).Body();
        var start = IndexOfNth(body, "\n\n"u8.ToArray(), 2) + 2;
        var end = IndexOfNth(body, "\n\n"u8.ToArray(), 3) + 2;
        var e = Build(s, Profiles.Bastion);
        var why = $"the stream embeds an error event at body bytes {start}–{end - 1}; profile 'bastion' says its dialect never sends one";
        Assert.That(e.Undefined, Is.EquivalentTo(new Dictionary<string, string> { ["content"] = why, ["outcome"] = why }));
    }

    [Test]
    public void AnthropicErrorEvent_ProfileRaisesThem_IsAnApiError()
    {
        var e = Build(Stream("""
            { "anthropic": "message_start" }, { "anthropic": "content_block_start", "index": 0, "blockType": "text" },
            { "anthropic": "text", "index": 0, "text": "Hel" },
            { "anthropic": "error", "error": { "type": "overloaded_error", "message": "Overloaded" } }
            """, api: "anthropic-messages"), Profiles.Anthropic);
        Assert.That(e.Outcome.ErrorKinds, Is.EqualTo(new[] { "api" }));
        Assert.That(e.Text, Is.EqualTo("Hel"));
    }

    [Test]
    public void ChunkWithAnErrorMemberAndChoices_IsAChunk_NotAnEmbeddedError()
    {
        var e = Build(Stream("""{ "chunk": { "choices": [ { "index": 0, "delta": { "content": "x" } } ], "error": { "message": "m" } } }, { "done": true }"""));
        Assert.That(e.Outcome.Kind, Is.EqualTo("done"));
        Assert.That(e.Chunks, Has.Count.EqualTo(1));
    }

    private const string KeepAlive = """
        { "role": "assistant", "content": "" }, { "raw": "data: keep-alive\n\n" }, { "content": "Hello" }, { "done": true }
        """;

    [Test]
    public void NonJsonData_ProfileDropsIt_IsNotAChunk()
    {
        var e = Build(Stream(KeepAlive), Profiles.Bastion);
        Assert.That(e.Text, Is.EqualTo("Hello"));
        Assert.That(e.Chunks, Has.Count.EqualTo(2));
        Assert.That(e.Outcome.Kind, Is.EqualTo("done"));
        Assert.That(e.Undefined, Is.Empty);
    }

    [Test]
    public void NonJsonData_ProfileSilent_LeavesContentAndOutcomeUndefined_QuotingTheData()
    {
        var s = Stream(KeepAlive);
        var body = ScenarioCompiler.Compile(s, 1).Body();
        var (start, end) = (IndexOfNth(body, "\n\n"u8.ToArray(), 1) + 2, IndexOfNth(body, "\n\n"u8.ToArray(), 2) + 2);
        var e = Build(s, Profiles.OpenAi);
        var why = $"non-JSON data \"keep-alive\" at body bytes {start}–{end - 1}: profile 'openai' does not say whether to drop it or fail";
        Assert.That(e.Undefined, Is.EquivalentTo(new Dictionary<string, string> { ["content"] = why, ["outcome"] = why }));
    }

    // ---- Chunk offsets -------------------------------------------------------------------------------------

    [Test]
    public void Chunks_CarryTheBodyOffsetWhereTheirEventIsComplete()
    {
        var s = Stream(HelloDone);
        var body = ScenarioCompiler.Compile(s, 1).Body();
        var e = Build(s);
        Assert.That(e.Chunks.Select(c => c.CompleteAtOffset), Is.EqualTo(Enumerable.Range(1, 4).Select(n => IndexOfNth(body, "\n\n"u8.ToArray(), n) + 2)));
    }

    [Test]
    public void Chunks_OffsetsAreInTheFinalAttemptsBody()
    {
        var s = Scenario($$"""{ "status": 503, "body": "a much longer body than the stream's first event" }, {{Ok}}""", """{ "maxRetries": 1 }""");
        var body = ScenarioCompiler.Compile(s, 2).Body();
        Assert.That(Build(s).Chunks[0].CompleteAtOffset, Is.EqualTo(IndexOfNth(body, "\n\n"u8.ToArray(), 1) + 2));
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static bool SameOutcome(ExpectedOutcome a, ExpectedOutcome b) =>
        a.Kind == b.Kind && a.ErrorKinds.SequenceEqual(b.ErrorKinds) && a.Status == b.Status && a.Why == b.Why;

    /// <summary>The index of the n-th (1-based) occurrence of <paramref name="needle"/>.</summary>
    private static int IndexOfNth(byte[] haystack, byte[] needle, int n)
    {
        var from = 0;
        for (var i = 0; ; i++)
        {
            var at = haystack.AsSpan(from).IndexOf(needle);
            if (at < 0) throw new ArgumentException($"fewer than {n} occurrences");
            if (i == n - 1) return from + at;
            from += at + needle.Length;
        }
    }
}
