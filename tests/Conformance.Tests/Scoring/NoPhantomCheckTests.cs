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

/// <summary>A parse error right at a block a correct client passes over is charged to the rule about that block.</summary>
public sealed class CrashAttributionTests
{
    private static readonly NoPhantomCheck Check = new();
    private static readonly Rule NoData = Rule("sse.event.no-data", CheckKinds.NoPhantom, PhantomKinds.NoData, PhantomKinds.Unexplained);

    /// <summary>`event: ping` with no data first, then the stream; the server's writes 250 ms apart.</summary>
    private static CheckCase PingFirst()
    {
        var c = Stream("""{ "sse": { "event": "ping" } }, { "role": "assistant", "content": "" }, { "content": "Hi" }, { "done": true }""");
        var e = c.Journal.Exchanges[0];
        var writes = e.Response!.Writes.Select((w, i) => w with { AtMs = i * 250.0 }).ToList();
        return c.WithJournal(c.Journal with { Exchanges = [e with { Response = e.Response with { Writes = writes } }] });
    }

    private static ScoringInput Crashed(CheckCase c, double errorAtMs, string kind = "parse") =>
        c.Input(Lines($$"""{"type":"error","kind":"{{kind}}","message":"SyntaxError: Unexpected end of JSON input"}""") is var o
                ? [o[0] with { AtMs = errorAtMs }] : [], null, NoData, ContentRule) with
        {
            // The client started 100 ms before its request reached the server.
            Lifetime = new ClientLifetime(c.Journal.Exchanges[0].Request.At.AddMilliseconds(-100), null),
        };

    [Test]
    public void AParseErrorBeforeTheNextByte_AfterANoDataBlock_IsChargedToNoData_AndBlocksTheRest()
    {
        var c = PingFirst();
        Assert.That(c.Expectation.Dropped.Select(d => d.Kind), Does.Contain(PhantomKinds.NoData));
        var r = Check.Evaluate(Crashed(c, errorAtMs: 130), NoData);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed), r.Reason);
        Assert.That(r.Blocks, Is.True);
        Assert.That(r.Reason, Does.StartWith("the client failed (error (parse)").And.Contain("a block with no data"));
        Assert.That(r.Evidence, Does.StartWith("attempt 1, write #1"));
        var verdicts = Scorer.Score(Crashed(c, 130), [NoData, ContentRule], false, 20_000, [], "");
        Assert.That(verdicts[1].Verdict, Is.EqualTo(Verdict.Skipped));
        Assert.That(verdicts[1].Reason, Does.StartWith("not reached: sse.event.no-data FAIL"));
    }

    [Test]
    public void AParseErrorAfterTheNextWrite_IsNotChargedToTheBlock()
    {
        // Raised 300 ms after the request: the role chunk (sent at 250 ms) may be what the client choked on.
        var r = Check.Evaluate(Crashed(PingFirst(), errorAtMs: 400), NoData);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Met), r.Reason);
    }

    [Test]
    public void ATimeout_IsNeverACrashOnABlock() =>
        Assert.That(Check.Evaluate(Crashed(PingFirst(), errorAtMs: 130, kind: "timeout"), NoData).Status, Is.EqualTo(CheckStatus.Met));

    [Test]
    public void AParseErrorAtAComment_IsNotChargedToNoData()
    {
        var c = Stream("""{ "comment": "keep-alive" }, { "role": "assistant", "content": "" }, { "content": "Hi" }, { "done": true }""");
        var e = c.Journal.Exchanges[0];
        c = c.WithJournal(c.Journal with { Exchanges = [e with { Response = e.Response! with { Writes = [.. e.Response.Writes.Select((w, i) => w with { AtMs = i * 250.0 })] } }] });
        Assert.That(Check.Evaluate(Crashed(c, 130), NoData).Status, Is.EqualTo(CheckStatus.Met), "a comment is the comments rule's");
        Assert.That(Check.Evaluate(Crashed(c, 130), CommentsRule).Status, Is.EqualTo(CheckStatus.Missed));
    }
}

/// <summary>
/// A client that dies mid-stream is judged, rule by rule, on what it exercised before: a rule about forms the stream
/// carried only in events the client yielded is judged on those; a rule whose evidence lies at or after the crash is
/// "not reached".
/// </summary>
public sealed class CrashPrefixTests
{
    private static readonly Rule NoData = Rule("sse.event.no-data", CheckKinds.NoPhantom, PhantomKinds.NoData, PhantomKinds.Unexplained);
    private static readonly Rule Space = Rule("sse.data.space-optional", CheckKinds.Content) with { Forms = [WireForms.DataSpace] };
    private static readonly Rule NoColon = Rule("sse.field.no-colon", CheckKinds.Content) with { Forms = [WireForms.NoColon] };

    private static CheckCase Spaced(CheckCase c)
    {
        var e = c.Journal.Exchanges[0];
        return c.WithJournal(c.Journal with { Exchanges = [e with { Response = e.Response! with { Writes = [.. e.Response.Writes.Select((w, i) => w with { AtMs = i * 250.0 })] } }] });
    }

    /// <summary>fields.raw.field-oddities in small: `data:` without a space, a line without a colon, then `event: ping` alone.</summary>
    private static readonly CheckCase Oddities = Spaced(Stream("""
        { "raw": "\n\n" }, { "role": "assistant", "content": "" },
        { "raw": "data:{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}\n\n" },
        { "raw": "justsomenoise\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"},\"finish_reason\":null}]}\n\n" },
        { "sse": { "event": "ping" } }, { "content": "c" }, { "finish": "stop" }, { "done": true }
        """));

    private static ScoringInput DiedAfter(CheckCase c, int yielded, double errorAtMs, params Rule[] rules)
    {
        var chunks = c.Expectation.Chunks.Take(yielded).Select(x => Lines(Chunk(x.Json))[0]).ToList();
        var error = Lines("""{"type":"error","kind":"parse","message":"SyntaxError: Unexpected end of JSON input"}""")[0] with { AtMs = errorAtMs };
        return c.Input([.. chunks, error], null, rules) with { Lifetime = new ClientLifetime(c.Journal.Exchanges[0].Request.At.AddMilliseconds(-100), null) };
    }

    [Test]
    public void ACrashAtTheNoDataBlock_JudgesTheFormsYieldedBeforeIt_AndSkipsTheWholeText()
    {
        // Writes 250 ms apart: #1 blank lines, #2 role, #3 "a", #4 "b", #5 the ping (sent at 1000 ms), #6 "c" at 1250 ms.
        var rules = new[] { Space, NoColon, NoData, ContentRule };
        var verdicts = Scorer.Score(DiedAfter(Oddities, 3, errorAtMs: 1130, rules), rules, false, 20_000, [], "");
        Assert.That(verdicts[2].Verdict, Is.EqualTo(Verdict.Fail), verdicts[2].Reason);
        Assert.That(verdicts[0].Verdict, Is.EqualTo(Verdict.Pass), verdicts[0].Reason);
        Assert.That(verdicts[0].Reason, Does.StartWith("judged on the 3 event(s) the client yielded before it failed: the stream carries a data: field without exactly one space"));
        Assert.That(verdicts[1].Verdict, Is.EqualTo(Verdict.Pass), verdicts[1].Reason);
        Assert.That(verdicts[1].Reason, Does.Contain("a line without a colon only there"));
        Assert.That(verdicts[3].Verdict, Is.EqualTo(Verdict.Skipped));
        Assert.That(verdicts[3].Reason, Does.StartWith("not reached: sse.event.no-data FAIL"));
    }

    [Test]
    public void AFormTheStreamCarriesAfterTheCrash_IsNotReached()
    {
        var c = Spaced(Stream("""
            { "sse": { "event": "ping" } }, { "role": "assistant", "content": "" },
            { "raw": "data:{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":null}]}\n\n" }, { "done": true }
            """));
        var rules = new[] { NoData, Space };
        var verdicts = Scorer.Score(DiedAfter(c, 0, errorAtMs: 130, rules), rules, false, 20_000, [], "");
        Assert.That(verdicts[0].Verdict, Is.EqualTo(Verdict.Fail), verdicts[0].Reason);
        Assert.That(verdicts[1].Verdict, Is.EqualTo(Verdict.Skipped));
        Assert.That(verdicts[1].Reason, Does.StartWith("not reached: sse.event.no-data FAIL"));
    }

    [Test]
    public void AFormThatDiffersBeforeTheCrash_StillFails()
    {
        // The client yielded "a" wrong (the space kept), then died at the ping: its data-space verdict is its own.
        var wrong = Oddities.Expectation.Chunks.Take(3).Select(x => x.Json).ToList();
        wrong[1] = wrong[1].Replace("\"a\"", "\" a\"", StringComparison.Ordinal);
        var input = DiedAfter(Oddities, 3, 1130, Space, NoData) is var i
            ? i with { Observations = [.. wrong.Select(j => Lines(Chunk(j))[0]), i.Observations[^1]] } : null!;
        var verdicts = Scorer.Score(input, [Space, NoData], false, 20_000, [], "");
        Assert.That(verdicts[0].Verdict, Is.EqualTo(Verdict.Fail), verdicts[0].Reason);
    }
}

/// <summary>
/// A client that dies at a chunk carrying a form a rule of the case is about (invalid UTF-8, choices null) is charged
/// once, to that rule; the whole text and the ending are "not reached".
/// </summary>
public sealed class CrashAtFormTests
{
    private static readonly Rule EmptyChoices = Rule("llm.choices.empty-accepted", CheckKinds.Content) with { Forms = [WireForms.ChoicesEmpty] };
    private static readonly Rule Utf8 = Rule("sse.utf8.invalid-replaced", CheckKinds.Content) with { Forms = [WireForms.InvalidUtf8] };

    private static CheckCase Spaced(CheckCase c)
    {
        var e = c.Journal.Exchanges[0];
        return c.WithJournal(c.Journal with { Exchanges = [e with { Response = e.Response! with { Writes = [.. e.Response.Writes.Select((w, i) => w with { AtMs = i * 250.0 })] } }] });
    }

    /// <summary>Writes 250 ms apart: #1 role, #2 "Hi", #3 the usage chunk with choices null (sent at 500 ms), #4 [DONE] at 750 ms.</summary>
    private static readonly CheckCase ChoicesNull = Spaced(Stream("""
        { "role": "assistant", "content": "" }, { "content": "Hi" },
        { "chunk": { "choices": null, "usage": { "total_tokens": 3 } } }, { "done": true }
        """));

    private static ScoringInput DiedAfter(CheckCase c, int yielded, double errorAtMs, params Rule[] rules)
    {
        var chunks = c.Expectation.Chunks.Take(yielded).Select(x => Lines(Chunk(x.Json))[0]).ToList();
        var error = Lines("""{"type":"error","kind":"other","message":"InvalidOperationException: requires an element of type 'Array'"}""")[0] with { AtMs = errorAtMs };
        return c.Input([.. chunks, error], null, rules) with { Lifetime = new ClientLifetime(c.Journal.Exchanges[0].Request.At.AddMilliseconds(-100), null) };
    }

    [Test]
    public void DyingAtAChoicesNullChunk_BeforeTheNextByte_IsChargedToTheChoicesRuleOnce()
    {
        var rules = new[] { EmptyChoices, ContentRule, OutcomeRule };
        var verdicts = Scorer.Score(DiedAfter(ChoicesNull, 2, errorAtMs: 700, rules), rules, false, 20_000, [], "");
        Assert.That(verdicts[0].Verdict, Is.EqualTo(Verdict.Fail), verdicts[0].Reason);
        Assert.That(verdicts[0].Reason, Does.StartWith("the client failed (error (other)").And.Contain("on event #3 with a chunk with empty or null choices"));
        Assert.That(verdicts[0].Evidence, Does.StartWith("attempt 1, write #3"));
        Assert.That(verdicts.Skip(1).Select(v => v.Verdict), Is.All.EqualTo(Verdict.Skipped));
        Assert.That(verdicts[1].Reason, Does.StartWith("not reached: llm.choices.empty-accepted FAIL"));
    }

    [Test]
    public void DyingAfterTheNextByteWasSent_IsNotAttributed()
    {
        // Raised 800 ms after the request: [DONE] (750 ms) had been sent, so the usage chunk is not proven the cause.
        var rules = new[] { EmptyChoices, ContentRule };
        var verdicts = Scorer.Score(DiedAfter(ChoicesNull, 2, errorAtMs: 900, rules), rules, false, 20_000, [], "");
        Assert.That(verdicts.Select(v => v.Verdict), Is.All.EqualTo(Verdict.Fail), "no claim, so each rule judges the lost chunk");
    }

    [Test]
    public void DyingAtInvalidUtf8_IsTheUtf8RulesDeviation_NotTheChoicesRules()
    {
        var c = Spaced(Stream("""
            { "role": "assistant", "content": "" },
            { "raw": "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a" }, { "bytes": "hex:80" }, { "raw": "\"},\"finish_reason\":null}]}\n\n", "delayMs": 0 },
            { "content": "b", "delayMs": 250 }, { "done": true }
            """, transport: """{ "split": "single" }"""));
        var rules = new[] { EmptyChoices, Utf8, ContentRule };
        // One write holds the role and the bad chunk (sent at 0 ms); "b" follows at 250 ms.
        var verdicts = Scorer.Score(DiedAfter(c, 1, errorAtMs: 130, rules), rules, false, 20_000, [], "");
        Assert.That(verdicts.Select(v => v.Verdict), Is.EqualTo(new[] { Verdict.Skipped, Verdict.Fail, Verdict.Skipped }), string.Join("\n", verdicts.Select(v => v.Reason)));
        Assert.That(verdicts[1].Reason, Does.Contain("with bytes that are not valid UTF-8"));
    }

    [Test]
    public void AnEventWithAnotherRulesFormToo_IsAmbiguous_AndNotAttributed()
    {
        var c = Spaced(Stream("""
            { "role": "assistant", "content": "" },
            { "raw": "data:{\"choices\":null}\n\n" }, { "content": "b" }, { "done": true }
            """));
        var space = Rule("sse.data.space-optional", CheckKinds.Content) with { Forms = [WireForms.DataSpace] };
        var rules = new[] { EmptyChoices, space, ContentRule };
        var verdicts = Scorer.Score(DiedAfter(c, 1, errorAtMs: 300, rules), rules, false, 20_000, [], "");
        Assert.That(verdicts.Select(v => v.Verdict), Has.None.EqualTo(Verdict.Skipped), string.Join("\n", verdicts.Select(v => v.Reason)));
    }
}

/// <summary>A form on the terminator (`data:[DONE]`) is not a chunk: dying there is llm.done.sentinel's business.</summary>
public sealed class CrashAtTerminatorFormTests
{
    [Test]
    public void DyingAtADataColonDoneWithoutItsSpace_IsNotChargedToTheSpaceRule()
    {
        var c = Stream("""{ "role": "assistant", "content": "" }, { "content": "Hi" }, { "raw": "data:[DONE]\n\n", "delayMs": 250 }""");
        Assert.That(c.Expectation.Forms.Single().Form, Is.EqualTo(WireForms.DataSpace));
        var space = Rule("sse.data.space-optional", CheckKinds.Content) with { Forms = [WireForms.DataSpace] };
        var chunks = c.Expectation.Chunks.Select(x => Lines(Chunk(x.Json))[0]).ToList();
        var error = Lines("""{"type":"error","kind":"parse","message":"Unexpected token 'D'"}""")[0] with { AtMs = 400 };
        var input = c.Input([.. chunks, error], null, space, OutcomeRule) with { Lifetime = new ClientLifetime(c.Journal.Exchanges[0].Request.At.AddMilliseconds(-100), null) };
        var verdicts = Scorer.Score(input, [space, OutcomeRule], false, 20_000, [], "");
        Assert.That(verdicts.Select(v => v.Verdict), Is.EqualTo(new[] { Verdict.Pass, Verdict.Fail }), string.Join("\n", verdicts.Select(v => v.Reason)));
    }
}
