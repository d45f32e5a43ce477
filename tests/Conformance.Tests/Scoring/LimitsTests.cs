using Conformance.Core.Dialects;
using System.Text.Json;
using Conformance.Core.Journal;
using Conformance.Core.Observations;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scoring;
using Conformance.Core.Scoring.Checks;
using Conformance.Core.Text;

namespace Conformance.Tests.Scoring;

/// <summary>
/// The limits/ family's harness side: a payload nested 10,000 deep is measured and replaced by a placeholder, never
/// built as a tree (limits.json.deep-nesting); a total budget is judged on the server's clock (timeout.total-budget);
/// a 100,000-event case is kept within bounds after it is scored (docs/results-format.md "Bounds").
/// </summary>
[TestFixture]
public sealed class LimitsTests
{
    private static readonly string Deep = "{\"x\":" + new string('[', 10_000) + new string(']', 10_000) + ",\"choices\":[]}";

    [Test]
    public void JsonDepth_MeasuresWithoutRecursion()
    {
        Assert.That(JsonDepth.Of("1"), Is.EqualTo(0));
        Assert.That(JsonDepth.Of("{\"a\":[[]]}"), Is.EqualTo(3));
        Assert.That(JsonDepth.Of(Deep), Is.EqualTo(10_001));
        Assert.That(JsonDepth.Of("[[]"), Is.Null);
        Assert.That(JsonDepth.IsTooDeep(Deep), Is.True);
        Assert.That(JsonDepth.IsTooDeep(new string('[', 64) + new string(']', 64)), Is.False);
    }

    [Test]
    public void TooDeepEvent_IsDropped_NotExpected_AndAClientMayYieldOrDropIt()
    {
        var c = CheckCase.Stream($$"""{ "content": "a" }, { "raw": "data: {{Deep.Replace("\"", "\\\"", StringComparison.Ordinal)}}\n\n" }, { "content": "b" }, { "done": true }""");
        Assert.That(c.Expectation.Chunks, Has.Count.EqualTo(2));
        var dropped = c.Expectation.Dropped.Single(d => d.Kind == PhantomKinds.TooDeep);
        Assert.That(dropped.Data, Does.Contain(Placeholder.Property).And.Contain("\"depth\":10001"));

        // A client that yields it: the harness keeps a placeholder, and charges it to the too-deep rule alone.
        var (yielded, fault) = ObservationParser.Parse(CheckCase.Chunk(Deep), 5);
        Assert.That(fault, Is.Null);
        var data = ((ChunkObservation)yielded!).Data;
        Assert.That(data.TryGetProperty(Placeholder.Property, out _), Is.True);
        Assert.That(ChunkAlignment.Classify(c.Expectation, data, Core.Dialects.DialectCatalog.OpenAiChat).Kind, Is.EqualTo(PhantomKinds.TooDeep));

        var deepRule = CheckCase.Rule("limits.json.deep-nesting", CheckKinds.NoPhantom, PhantomKinds.TooDeep);
        var content = CheckCase.Rule("llm.content.exact", CheckKinds.Content);
        var both = new[] { deepRule, content };
        var faithful = c.Faithful();
        var withDeep = faithful.Take(1).Append(yielded).Concat(faithful.Skip(1)).ToList();
        Assert.That(new ContentCheck().Evaluate(c.Input(faithful, null, both), content).Status, Is.EqualTo(CheckStatus.Met), "dropped: fine");
        Assert.That(new ContentCheck().Evaluate(c.Input(withDeep, null, both), content).Status, Is.EqualTo(CheckStatus.Met), "yielded: charged elsewhere");
        var parsed = new NoPhantomCheck().Evaluate(c.Input(withDeep, null, both), deepRule);
        Assert.That(parsed.Status, Is.EqualTo(CheckStatus.Met), "parsed: the rule allows it");
        Assert.That(parsed.Reason, Does.StartWith("the client parsed the payload nested deeper than 64 levels and yielded it (chunk #2), as the rule allows, and read on to done"));
        Assert.That(new NoPhantomCheck().Evaluate(c.Input(faithful, null, both), deepRule).Status, Is.EqualTo(CheckStatus.Met), "dropped: the rule allows it");
    }

    /// <summary>limits.json.deep-nesting: dying at the payload is its deviation, charged once and named as the rule names it.</summary>
    [Test]
    public void TooDeepEvent_DyingAtIt_FailsTheDeepRuleOnce_SayingParsedOrDropped()
    {
        var c = CheckCase.Stream($$"""{ "content": "a" }, { "raw": "data: {{Deep.Replace("\"", "\\\"", StringComparison.Ordinal)}}\n\n" }, { "content": "b", "delayMs": 300 }, { "done": true }""");
        var x = c.Journal.Exchanges[0];
        c = c.WithJournal(c.Journal with { Exchanges = [x with { Response = x.Response! with { Writes = [.. x.Response.Writes.Select((w, i) => w with { AtMs = i * 300.0 })] } }] });
        var deepRule = CheckCase.Rule("limits.json.deep-nesting", CheckKinds.NoPhantom, PhantomKinds.TooDeep);
        var rules = new[] { deepRule, CheckCase.ContentRule, CheckCase.OutcomeRule };
        var error = CheckCase.Lines("""{"type":"error","kind":"parse","message":"JsonReaderException: The maximum configured depth of 64 has been exceeded"}""")[0] with { AtMs = 450 };
        var input = c.Input([CheckCase.Lines(CheckCase.Chunk(c.Expectation.Chunks[0].Json))[0], error], null, rules)
            with { Lifetime = new ClientLifetime(x.Request.At.AddMilliseconds(-100), null) };
        var verdicts = Scorer.Score(input, rules, false, 20_000, [], "");
        Assert.That(verdicts.Select(v => v.Verdict), Is.EqualTo(new[] { Verdict.Fail, Verdict.Skipped, Verdict.Skipped }), string.Join("\n", verdicts.Select(v => v.Reason)));
        Assert.That(verdicts[0].Reason, Does.Contain("on a payload nested deeper than 64 levels (which a client may parse or drop) at body bytes"));
        Assert.That(verdicts[0].Expected, Is.EqualTo("parsed, or dropped as unparseable, and the rest read on"));
        Assert.That(verdicts[0].Reason, Does.Not.Contain("does not yield"));
    }

    /// <summary>
    /// limits.json.deep-nesting is INFO in the catalogue (RFC 8259 §9 lets a parser limit nesting): dying at the payload is
    /// "INFO, not met", and what came after it is not reached — never a MUST FAIL for a limit the client may set.
    /// </summary>
    [Test]
    public void TooDeepEvent_DyingAtIt_UnderAnInfoRule_IsInfo_AndTheRestIsNotReached_NotFailed()
    {
        var c = CheckCase.Stream($$"""{ "content": "a" }, { "raw": "data: {{Deep.Replace("\"", "\\\"", StringComparison.Ordinal)}}\n\n" }, { "content": "b", "delayMs": 300 }, { "done": true }""");
        var x = c.Journal.Exchanges[0];
        c = c.WithJournal(c.Journal with { Exchanges = [x with { Response = x.Response! with { Writes = [.. x.Response.Writes.Select((w, i) => w with { AtMs = i * 300.0 })] } }] });
        var deepRule = CheckCase.Rule("limits.json.deep-nesting", CheckKinds.NoPhantom, PhantomKinds.TooDeep) with { Level = RuleLevel.Info };
        var rules = new[] { deepRule, CheckCase.ContentRule, CheckCase.OutcomeRule };
        var error = CheckCase.Lines("""{"type":"error","kind":"parse","message":"JsonReaderException: The maximum configured depth of 64 has been exceeded"}""")[0] with { AtMs = 450 };
        var input = c.Input([CheckCase.Lines(CheckCase.Chunk(c.Expectation.Chunks[0].Json))[0], error], null, rules)
            with { Lifetime = new ClientLifetime(x.Request.At.AddMilliseconds(-100), null) };
        var verdicts = Scorer.Score(input, rules, false, 20_000, [], "");
        Assert.That(verdicts.Select(v => v.Verdict), Is.EqualTo(new[] { Verdict.Info, Verdict.Skipped, Verdict.Skipped }), string.Join("\n", verdicts.Select(v => v.Reason)));
        Assert.That(verdicts[1].Reason, Does.StartWith("not reached: limits.json.deep-nesting INFO"));
    }

    [Test]
    public void TotalTimeout_GivenUpWithinTheBudget_Passes_ReadingOnFails()
    {
        var c = CheckCase.Stream("""{ "content": "a" }, { "repeat": { "count": 40, "step": { "comment": "k", "delayMs": 100 } } }""",
            transport: """{ "end": { "kind": "stall", "ms": 1500 } }""", client: """{ "idleTimeoutMs": 500, "totalTimeoutMs": 1000 }""");
        var rule = CheckCase.Rule("timeout.total-budget", CheckKinds.TotalTimeout);
        var timeout = CheckCase.Lines(CheckCase.Chunk(c.Expectation.Chunks[0].Json), """{"type":"error","kind":"timeout","message":"budget"}""");
        CheckResult Judge(double? closedAt, IReadOnlyList<Observation> obs)
        {
            var x = c.Journal.Exchanges[0];
            var journal = c.Journal with { Exchanges = [x with { Response = x.Response! with { ClientClosedAtMs = closedAt } }] };
            return new TotalTimeoutCheck().Evaluate(c.WithJournal(journal).Input(obs), rule);
        }
        Assert.That(Judge(1_050, timeout).Status, Is.EqualTo(CheckStatus.Met));
        Assert.That(Judge(1_000 + TotalTimeoutCheck.SlackMs + 500, timeout).Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(Judge(null, timeout).Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(Judge(900, CheckCase.Lines(CheckCase.EndLine("eof"))).Status, Is.EqualTo(CheckStatus.Missed), "left in time but said eof, not timeout");
    }

    [Test]
    public void ReportBounds_KeepEdges_CutBytes_AndSaySo()
    {
        var c = CheckCase.Stream("""{ "repeat": { "count": 1000, "step": { "content": "x" } } }, { "done": true }""", transport: """{ "split": "single" }""");
        var observations = c.Faithful();
        var bytes = new byte[ReportBounds.HeadBytes * 3];
        var writes = Enumerable.Range(0, 30).Select(i => new JournalWrite(i * bytes.Length / 30, bytes.Length / 30, i, bytes.AsSpan(0, bytes.Length / 30).ToArray())).ToList();
        var x = c.Journal.Exchanges[0];
        var journal = c.Journal with { Exchanges = [x with { Response = x.Response! with { Writes = writes } }] };
        var result = new CaseResult
        {
            Client = "c", CaseId = "1", ScenarioId = "s", Family = "f", Title = "t", Description = "d", Api = "openai-chat",
            Expectation = c.Expectation, Observations = observations, DurationMs = 1, Journal = journal, Verdicts = [],
        };

        var bounded = ReportBounds.Apply(result, ReportBounds.Expectation(c.Expectation));

        Assert.That(bounded.Observations.OfType<ChunkObservation>().Count(), Is.EqualTo(2 * ReportBounds.EdgeChunks));
        Assert.That(bounded.Observations.OfType<EndObservation>().Count(), Is.EqualTo(1), "every non-chunk observation is kept");
        Assert.That(bounded.Expectation.Chunks, Has.Count.EqualTo(2 * ReportBounds.EdgeChunks));
        var kept = bounded.Journal.Exchanges[0].Response!.Writes;
        Assert.That(kept.Select(w => (w.Offset, w.Length, w.AtMs)), Is.EqualTo(writes.Select(w => (w.Offset, w.Length, w.AtMs))), "every offset, length and time");
        Assert.That(kept.Sum(w => (long)w.Bytes.Length), Is.LessThanOrEqualTo(ReportBounds.HeadBytes + ReportBounds.TailWrites * ReportBounds.TailWriteBytes));
        Assert.That(kept[^1].Bytes, Has.Length.EqualTo(ReportBounds.TailWriteBytes), "the last writes keep their start");
        Assert.That(bounded.Elided, Has.Count.EqualTo(3));
        Assert.That(JsonSerializer.Serialize(bounded, ResultsJson.Options), Does.Contain("\"elided\""));

        Assert.That(ReportBounds.Expectation(c.Expectation with { Events = [.. Enumerable.Range(0, 1000).Select(i => new ExpectedEvent("message", "x", null, i))] }).Events,
            Has.Count.EqualTo(2 * ReportBounds.EdgeChunks), "expected events keep their edges like chunks");

        var passing = ReportBounds.Apply(result with { Verdicts = [new RuleVerdict { RuleId = "r", Verdict = Verdict.Pass, Reason = "ok" }] }, ReportBounds.Expectation(c.Expectation));
        Assert.That(passing.Observations.OfType<ChunkObservation>().Count(), Is.EqualTo(2 * ReportBounds.PassingEdgeChunks), "a passing case's chunks matched the expectation: fewer are kept");
        Assert.That(passing.Elided, Has.Some.Contains("every verdict passed"));

        var small = result with { Observations = observations.Take(3).ToList(), Journal = c.Journal };
        var smallExpectation = c.Expectation with { Chunks = c.Expectation.Chunks.Take(3).ToList(), Events = c.Expectation.Events.Take(3).ToList(), Text = "xxx" };
        Assert.That(ReportBounds.Apply(small with { Expectation = smallExpectation }, ReportBounds.Expectation(smallExpectation)), Has.Property("Elided").Null);
    }

    [Test]
    public void ReportBounds_AnEventsLevelClient_KeepsTheEdgesOfItsEvents_AndCutsAHugeEventsData()
    {
        // An events-level client (System.Net.ServerSentEvents, eventsource-parser's events) on 100,000 events wrote 30 MB
        // of observations into results.json for a case that passed: its events are bounded like chunks.
        var c = CheckCase.Stream("""{ "content": "x" }, { "done": true }""");
        var huge = new string('d', ReportBounds.ValueLimit * 3);
        var observations = Enumerable.Range(0, 1000).Select(i => (Observation)new EventObservation("message", i == 10 ? huge : "x", null))
            .Append(new EndObservation("done")).ToList();
        var result = new CaseResult
        {
            Client = "c", CaseId = "1", ScenarioId = "s", Family = "f", Title = "t", Description = "d", Api = "openai-chat",
            Expectation = c.Expectation, Observations = observations, DurationMs = 1, Journal = c.Journal, Verdicts = [new RuleVerdict { RuleId = "r", Verdict = Verdict.Pass, Reason = "ok" }],
        };

        var bounded = ReportBounds.Apply(result, c.Expectation);

        Assert.That(bounded.Observations.OfType<EventObservation>().Count(), Is.EqualTo(2 * ReportBounds.PassingEdgeChunks));
        Assert.That(bounded.Observations.OfType<EndObservation>().Count(), Is.EqualTo(1));
        Assert.That(bounded.Elided, Has.Some.StartsWith($"observations: events #{ReportBounds.PassingEdgeChunks + 1}–#{1000 - ReportBounds.PassingEdgeChunks} of 1000"));
        var failing = ReportBounds.Apply(result with { Verdicts = [] }, c.Expectation); // not all passed: the wider edges
        Assert.That(failing.Observations.OfType<EventObservation>().Count(), Is.EqualTo(2 * ReportBounds.EdgeChunks));
        Assert.That(failing.Observations.OfType<EventObservation>().ElementAt(10).Data, Does.EndWith($"…[{huge.Length - ReportBounds.ValueLimit} more characters not kept]"));
        Assert.That(failing.Elided, Has.Some.Contains("an event's data is cut"));
    }

    [Test]
    public void ReportBounds_CapWhatTheClientPrinted_AndSaySo()
    {
        var c = CheckCase.Stream("""{ "content": "x" }, { "done": true }""");
        var printed = new string('e', ReportBounds.PrintedLimit * 4);
        var result = new CaseResult
        {
            Client = "c", CaseId = "1", ScenarioId = "s", Family = "f", Title = "t", Description = "d", Api = "openai-chat",
            Expectation = c.Expectation, Observations = c.Faithful(), DurationMs = 1, Journal = c.Journal, Verdicts = [], Stderr = printed,
            Attachments = new Dictionary<string, string> { ["console"] = printed },
        };

        var bounded = ReportBounds.Apply(result, c.Expectation);

        Assert.That(bounded.Stderr, Does.StartWith(printed[..ReportBounds.PrintedLimit]).And.EndWith($"…[{printed.Length - ReportBounds.PrintedLimit} more characters not kept]"));
        Assert.That(bounded.Attachments["console"].Length, Is.LessThan(ReportBounds.PrintedLimit + 100));
        Assert.That(bounded.Elided, Has.Some.StartsWith("stderr: ").And.Some.StartsWith("console: "));
    }
}
