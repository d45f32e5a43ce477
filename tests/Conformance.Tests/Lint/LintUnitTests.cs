using System.Text;
using Conformance.Core.Rules;
using Conformance.Core.Scoring;
using Conformance.Core.Wire;
using Conformance.Lint;
using Conformance.Lint.Checks;
using Conformance.Lint.Dialects;
using Conformance.Lint.Recording;
using Conformance.Lint.Rules;
using Conformance.Lint.Sse;
using Conformance.Lint.Wire;
using Conformance.Tests.Support;

namespace Conformance.Tests.Lint;

/// <summary>The lint clauses on small hand-made inputs: the scanner, the checks, the mutations, the rules file.</summary>
public sealed class LintUnitTests
{
    private static StreamCapture Capture(string body, params (double At, int Length)[] pieces) => Capture(Encoding.UTF8.GetBytes(body), pieces);

    private static StreamCapture Capture(byte[] body, params (double At, int Length)[] pieces)
    {
        var offset = 0;
        var list = new List<ReceivedPiece>();
        foreach (var (at, length) in pieces.Length == 0 ? [(1.0, body.Length)] : pieces) { list.Add(new ReceivedPiece(offset, length, at)); offset += length; }
        return new StreamCapture
        {
            Url = new Uri("http://127.0.0.1:1/v1/chat/completions"), RequestHeaders = [], RequestBody = """{"stream":true}""", SentAt = DateTimeOffset.UnixEpoch,
            Status = 200, Headers = [new("Content-Type", "text/event-stream")], HeadAtMs = 1, Body = body, Pieces = list, Reads = [.. list.Select(p => new ReadStamp(p.AtMs, p.Length))],
            Ended = CaptureEnds.Clean, EndedAtMs = list.Count == 0 ? 1 : list[^1].AtMs,
        };
    }

    private static StreamFacts Facts(StreamCapture c) => new(c, null);

    [Test]
    public void Scan_SplitsLinesOnLfCrlfAndCr_AndKeepsOffsets()
    {
        var scan = SseScan.Of("data: a\r\n\r\ndata: b\n\n: hi\r\r"u8);
        Assert.That(scan.Lines.Select(l => l.Ending), Is.EqualTo(new[] { "crlf", "crlf", "lf", "lf", "cr", "cr" }));
        Assert.That(scan.Events.Select(e => (e.Start, e.End, e.Data)), Is.EqualTo(new[] { (0, 11, (string?)"a"), (11, 20, "b"), (20, 26, null) }));
    }

    [Test]
    public void Scan_AFinalEventWithoutBlankLine_IsNotTerminated()
    {
        var scan = SseScan.Of("data: a\n\ndata: [DONE]\n"u8);
        Assert.That(scan.Events.Select(e => e.Terminated), Is.EqualTo(new[] { true, false }));
        Assert.That(scan.Events[1].Range, Is.EqualTo("bytes 9–21"));
    }

    [Test]
    public void BlankLine_FailsAtTheUnterminatedEvent() // server.sse.blank-line
    {
        var v = FramingChecks.BlankLine(Facts(Capture("data: {}\n\ndata: [DONE]")));
        Assert.That((v.Verdict, v.Evidence), Is.EqualTo((Verdict.Fail, "bytes 10–21")));
    }

    [TestCase("data: a\n\ndata: b\n\n", Verdict.Pass)]
    [TestCase("data: a\r\n\r\ndata: b\r\n\r\n", Verdict.Pass)]
    [TestCase("data: a\r\n\r\ndata: b\n\n", Verdict.Fail)]
    [TestCase("data: a\r\rdata: b\r\r", Verdict.Fail)]
    public void LineEndings_OneStyleOfLfOrCrlf(string body, Verdict expected) // server.sse.line-endings
    {
        Assert.That(FramingChecks.LineEndings(Facts(Capture(body))).Verdict, Is.EqualTo(expected));
    }

    private const string Five = "data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\ndata: 5\n\n";

    [Test]
    public void Flush_AllEventsInOneReadAfterASilence_Fails() // server.flush.per-event
    {
        var v = FlushCheck.Check(Facts(Capture(Five, (450, Five.Length))));
        Assert.That(v.Verdict, Is.EqualTo(Verdict.Fail), v.Reason);
        Assert.That(v.Reason, Does.Contain("5 of 5 data events").And.Contain("449 ms of silence"));
    }

    [Test]
    public void Flush_EventsSpreadOut_Pass_AndAFastWholeStream_IsSkipped()
    {
        var spread = FlushCheck.Check(Facts(Capture(Five, (60, 9), (120, 9), (180, 9), (240, 9), (300, 9))));
        Assert.That(spread.Verdict, Is.EqualTo(Verdict.Pass), spread.Reason);
        var fast = FlushCheck.Check(Facts(Capture(Five, (3, Five.Length))));
        Assert.That(fast.Verdict, Is.EqualTo(Verdict.Skipped), fast.Reason);
    }

    [Test]
    public void Flush_ABurstOfAFewEventsAfterThinking_IsNotBuffering()
    {
        // A reasoning model: one event at once, 600 ms of thinking, then the rest as produced.
        var v = FlushCheck.Check(Facts(Capture(Five, (5, 9), (605, 9), (640, 9), (680, 9), (720, 9))));
        Assert.That(v.Verdict, Is.EqualTo(Verdict.Pass), v.Reason);
    }

    [Test]
    public void NoCompression_FailsOnGzip_AndTheOtherRulesReadTheDecompressedBody()
    {
        using var ms = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(ms, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) gz.Write("data: [DONE]\n\n"u8);
        var c = Capture(ms.ToArray()) with { Headers = [new("Content-Type", "text/event-stream"), new("Content-Encoding", "gzip")] };
        var f = Facts(c);
        Assert.That(HttpChecks.NoCompression(f).Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(f.Scan.Events.Single().Data, Is.EqualTo("[DONE]"));
    }

    [Test]
    public void OpenAi_ChunkStable_FailsWhenTheIdChanges() // server.openai.chunk-stable
    {
        var body = """data: {"id":"a","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""" + "\n\n" +
                   """data: {"id":"b","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""" + "\n\ndata: [DONE]\n\n";
        var verdicts = new OpenAiChatLint().CheckStream(Facts(Capture(body))).ToDictionary(v => v.RuleId);
        Assert.That(verdicts[ServerRules.OpenAiChunkStable].Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(verdicts[ServerRules.OpenAiChunkStable].Reason, Does.Contain("id changes"));
        Assert.That(verdicts[ServerRules.OpenAiFinishReason].Verdict, Is.EqualTo(Verdict.Pass));
        Assert.That(verdicts[ServerRules.OpenAiDone].Verdict, Is.EqualTo(Verdict.Pass));
    }

    [Test]
    public void OpenAi_DataAfterDone_Fails() // server.openai.nothing-after-done
    {
        var verdicts = new OpenAiChatLint().CheckStream(Facts(Capture("data: [DONE]\n\ndata: {}\n\n"))).ToDictionary(v => v.RuleId);
        Assert.That(verdicts[ServerRules.OpenAiNothingAfterDone].Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(verdicts[ServerRules.OpenAiNothingAfterDone].Evidence, Is.EqualTo("bytes 14–23"));
    }

    [TestCase("message_start,content_block_start:0,content_block_delta:0,content_block_stop:0,message_delta,message_stop", Verdict.Pass)]
    [TestCase("content_block_start:0,message_start", Verdict.Fail)]
    [TestCase("message_start,content_block_delta:0", Verdict.Fail)]
    [TestCase("message_start,content_block_start:0,message_delta,message_stop", Verdict.Fail)]
    [TestCase("message_start,ping,content_block_start:0,content_block_stop:0,message_delta,message_stop", Verdict.Pass)]
    public void Anthropic_EventOrder(string events, Verdict expected) // server.anthropic.event-order
    {
        var body = string.Concat(events.Split(',').Select(e =>
        {
            var parts = e.Split(':');
            var index = parts.Length > 1 ? $",\"index\":{parts[1]}" : "";
            return $"event: {parts[0]}\ndata: {{\"type\":\"{parts[0]}\"{index}}}\n\n";
        }));
        var v = new AnthropicMessagesLint().CheckStream(Facts(Capture(body))).Single(x => x.RuleId == ServerRules.AnthropicEventOrder);
        Assert.That(v.Verdict, Is.EqualTo(expected), v.Reason);
    }

    [Test]
    public void Anthropic_EventNameMustMatchTheDataType() // server.anthropic.data-json
    {
        var v = new AnthropicMessagesLint().CheckStream(Facts(Capture("event: message_start\ndata: {\"type\":\"ping\"}\n\n"))).Single(x => x.RuleId == ServerRules.AnthropicDataJson);
        Assert.That(v.Verdict, Is.EqualTo(Verdict.Fail));
    }

    private static string Responses(params string[] events) => string.Concat(events.Select(e =>
    {
        if (e == "[DONE]") return "data: [DONE]\n\n";
        var parts = e.Split('|'); // type|seq|extra json members
        return $"event: {parts[0]}\ndata: {{\"type\":\"{parts[0]}\"{(parts.Length > 1 && parts[1] != "" ? $",\"sequence_number\":{parts[1]}" : "")}{(parts.Length > 2 ? "," + parts[2] : "")}}}\n\n";
    }));

    private static Dictionary<string, RuleVerdict> ResponsesVerdicts(string body) =>
        new OpenAiResponsesLint().CheckStream(Facts(Capture(body))).ToDictionary(v => v.RuleId);

    [TestCase("0,1,2,3", Verdict.Pass, "rises from 0 to 3")]
    [TestCase("0,1,5,6", Verdict.Pass, "gaps: 1→5")]
    [TestCase("0,1,1,2", Verdict.NonStrict, "the same as")]
    [TestCase("0,2,1,3", Verdict.NonStrict, "lower than")]
    [TestCase("0,1,,3", Verdict.NonStrict, "no integer sequence_number")]
    public void Responses_SequenceNumbers_RiseGapsAllowed(string numbers, Verdict expected, string reason) // server.responses.sequence-number (SHOULD)
    {
        var n = numbers.Split(',');
        var body = Responses($"response.created|{n[0]}", $"response.in_progress|{n[1]}", $"response.output_text.delta|{n[2]}|\"item_id\":\"m\",\"content_index\":0,\"delta\":\"Hi\"", $"response.completed|{n[3]}");
        var v = ResponsesVerdicts(body)[ServerRules.ResponsesSequence];
        Assert.That(v.Verdict, Is.EqualTo(expected), v.Reason);
        Assert.That(v.Reason, Does.Contain(reason));
    }

    [Test]
    public void Responses_TerminalEvent_ThenOneDone_Passes_ButAnEventAfterItFails() // server.responses.terminal-event
    {
        var ok = ResponsesVerdicts(Responses("response.created|0", "response.completed|1", "[DONE]"))[ServerRules.ResponsesTerminal];
        Assert.That(ok.Verdict, Is.EqualTo(Verdict.Pass), ok.Reason);
        Assert.That(ok.Reason, Does.Contain("then data: [DONE]"));
        var errorThenFailed = ResponsesVerdicts(Responses("response.created|0", "error|1|\"code\":\"x\",\"message\":\"m\"", "response.failed|2"))[ServerRules.ResponsesTerminal];
        Assert.That(errorThenFailed.Verdict, Is.EqualTo(Verdict.Pass), errorThenFailed.Reason);
        var after = ResponsesVerdicts(Responses("response.created|0", "response.completed|1", "response.output_text.delta|2|\"delta\":\"late\""))[ServerRules.ResponsesTerminal];
        Assert.That(after.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(after.Reason, Does.Contain("follows the terminal response.completed"));
        var none = ResponsesVerdicts(Responses("response.created|0", "response.in_progress|1"))[ServerRules.ResponsesTerminal];
        Assert.That(none.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(none.Reason, Does.Contain("without a terminal event"));
    }

    [Test]
    public void Responses_TextDone_MustRepeatItsDeltas() // server.responses.done-agrees
    {
        string Body(string done) => Responses("response.created|0",
            "response.output_text.delta|1|\"item_id\":\"m\",\"content_index\":0,\"delta\":\"Hel\"",
            "response.output_text.delta|2|\"item_id\":\"m\",\"content_index\":0,\"delta\":\"lo\"",
            $"response.output_text.done|3|\"item_id\":\"m\",\"content_index\":0,\"text\":\"{done}\"", "response.completed|4");
        Assert.That(ResponsesVerdicts(Body("Hello"))[ServerRules.ResponsesDoneAgrees].Verdict, Is.EqualTo(Verdict.Pass));
        var bad = ResponsesVerdicts(Body("Hello!"))[ServerRules.ResponsesDoneAgrees];
        Assert.That(bad.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(bad.Reason, Does.Contain("says \"Hello!\", but its deltas say \"Hello\""));
    }

    [Test]
    public void Responses_FunctionCallArgumentsDone_MustRepeatItsDeltas() // server.responses.done-agrees
    {
        string Body(string done) => Responses("response.created|0",
            "response.function_call_arguments.delta|1|\"item_id\":\"fc\",\"delta\":\"{\\\"a\\\":\"",
            "response.function_call_arguments.delta|2|\"item_id\":\"fc\",\"delta\":\"1}\"",
            $"response.function_call_arguments.done|3|\"item_id\":\"fc\",\"arguments\":\"{done}\"", "response.completed|4");
        Assert.That(ResponsesVerdicts(Body("{\\\"a\\\":1}"))[ServerRules.ResponsesDoneAgrees].Verdict, Is.EqualTo(Verdict.Pass));
        var bad = ResponsesVerdicts(Body("{}"))[ServerRules.ResponsesDoneAgrees];
        Assert.That(bad.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(bad.Reason, Does.Contain("function_call_arguments.done").And.Contain("(item fc) says \"{}\""));
    }

    [Test]
    public void Responses_EventLineMustNameTheDataType() // server.responses.event-type
    {
        var v = ResponsesVerdicts("data: {\"type\":\"response.created\",\"sequence_number\":0}\n\n")[ServerRules.ResponsesEventType];
        Assert.That(v.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(v.Reason, Does.Contain("has no event: line").And.Contain("bytes 0–"));
    }

    [TestCase("""{"type":"error","code":"server_error","message":"m","param":null}""", Verdict.Pass)]
    [TestCase("""{"type":"error","error":{"type":"server_error","message":"m"}}""", Verdict.Pass)]
    [TestCase("""{"type":"error","code":"server_error"}""", Verdict.Fail)]
    public void Responses_ErrorEvent_FlatOrNested_WithAMessage(string data, Verdict expected) // server.responses.error-shape
    {
        var v = ResponsesVerdicts($"event: error\ndata: {data}\n\n")[ServerRules.ResponsesErrorShape];
        Assert.That(v.Verdict, Is.EqualTo(expected), v.Reason);
    }

    private static Dictionary<string, RuleVerdict> GeminiVerdicts(string body) =>
        new GeminiGenerateLint().CheckStream(Facts(Capture(body))).ToDictionary(v => v.RuleId);

    private const string GeminiText = """data: {"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"index":0}]}""" + "\n\n";
    private const string GeminiStop = """data: {"candidates":[{"content":{"parts":[{"text":"!"}],"role":"model"},"finishReason":"STOP","index":0}]}""" + "\n\n";

    [Test]
    public void Gemini_DoneTerminator_IsNotJson_Fails() // server.gemini.data-json
    {
        var v = GeminiVerdicts(GeminiText + GeminiStop + "data: [DONE]\n\n")[ServerRules.GeminiDataJson];
        Assert.That(v.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(v.Reason, Does.Contain("Gemini streams have no terminator"));
        Assert.That(GeminiVerdicts(GeminiText + GeminiStop)[ServerRules.GeminiDataJson].Verdict, Is.EqualTo(Verdict.Pass));
    }

    [Test]
    public void Gemini_FinishReason_Missing_OrCutByAnErrorChunk_Fails() // server.gemini.finish-reason, server.gemini.error-shape
    {
        Assert.That(GeminiVerdicts(GeminiText + GeminiStop)[ServerRules.GeminiFinishReason].Verdict, Is.EqualTo(Verdict.Pass));
        var cut = GeminiVerdicts(GeminiText)[ServerRules.GeminiFinishReason];
        Assert.That(cut.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(cut.Reason, Does.Contain("never gets a finishReason").And.Contain("the body ends"));
        var error = GeminiVerdicts(GeminiText + "data: {\"error\":{\"code\":503,\"message\":\"overloaded\",\"status\":\"UNAVAILABLE\"}}\n\n");
        Assert.That(error[ServerRules.GeminiFinishReason].Reason, Does.Contain("ends in the error chunk"));
        Assert.That(error[ServerRules.GeminiErrorShape].Verdict, Is.EqualTo(Verdict.Pass), error[ServerRules.GeminiErrorShape].Reason);
        var flat = GeminiVerdicts(GeminiText + "data: {\"error\":\"overloaded\"}\n\n");
        Assert.That(flat[ServerRules.GeminiErrorShape].Verdict, Is.EqualTo(Verdict.Fail));
    }

    [TestCase("http://127.0.0.1:1/v1beta", "http://127.0.0.1:1/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")]
    [TestCase("http://127.0.0.1:1/v1beta/", "http://127.0.0.1:1/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")]
    [TestCase("http://127.0.0.1:1/v1beta/models/gemini-2.5-flash:streamGenerateContent", "http://127.0.0.1:1/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")]
    [TestCase("http://127.0.0.1:1/v1beta?key=k", "http://127.0.0.1:1/v1beta/models/gemini-2.5-flash:streamGenerateContent?key=k&alt=sse")]
    [TestCase("http://127.0.0.1:1/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse", "http://127.0.0.1:1/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")]
    public void Gemini_Endpoint_NamesTheModelInThePath_AndAsksForSse(string url, string expected)
    {
        var options = new LintOptions { Url = new Uri(url), Dialect = LintDialects.Find("gemini-generate")!, Model = "gemini-2.5-flash", Key = "g-1" };
        Assert.That(options.Validate(), Is.Empty);
        var request = options.ToRequest();
        Assert.That(request.Url.ToString(), Is.EqualTo(expected));
        Assert.That(request.Headers, Has.Member(new KeyValuePair<string, string>("x-goog-api-key", "g-1")));
        Assert.That(request.Body, Does.Contain("\"contents\"").And.Not.Contain("\"model\""));
    }

    [Test]
    public void Gemini_RequestFile_NeedsContents_AndAModel_NotAStreamFlag()
    {
        var dialect = LintDialects.Find("gemini-generate")!;
        Assert.That(new LintOptions { Url = new Uri("http://127.0.0.1:1/v1beta"), Dialect = dialect, RequestBody = """{"contents":[]}""" }.Validate(),
            Is.EqualTo(new[] { "give --model M (gemini-generate names the model in the URL path)" }));
        Assert.That(new LintOptions { Url = new Uri("http://127.0.0.1:1/v1beta"), Dialect = dialect, Model = "g", RequestBody = """{"stream":true}""" }.Validate(),
            Is.EqualTo(new[] { "--request: the body must be a GenerateContentRequest with a \"contents\" array" }));
    }

    [Test]
    public void EveryDialect_HasALintSide_NamedAfterIt()
    {
        Assert.That(Conformance.Core.Dialects.DialectCatalog.All.Select(d => LintDialects.For(d).Name), Is.EqualTo(Conformance.Core.Dialects.DialectCatalog.All.Select(d => d.Name)));
    }

    private static IReadOnlyList<RecordedWrite> W(params string[] writes) => [.. writes.Select(w => new RecordedWrite(Encoding.UTF8.GetBytes(w), 5))];

    private static string Text(IReadOnlyList<RecordedWrite> writes) => string.Join("|", writes.Select(w => Encoding.UTF8.GetString(w.Bytes)));

    [Test]
    public void Mutation_Crlf_RewritesEveryEnding_AlsoACrlfSplitAcrossWrites()
    {
        Assert.That(Text(Mutations.Endings(W("a\n\nb\r", "\n\r\n"), "\r\n"u8.ToArray())), Is.EqualTo("a\r\n\r\nb\r\n|\r\n"));
        Assert.That(Text(Mutations.Endings(W("a\r\n\r\n"), "\r"u8.ToArray())), Is.EqualTo("a\r\r"));
    }

    [Test]
    public void Mutation_SplitUtf8_CutsAfterEachLeadByte()
    {
        var (writes, cuts) = Mutations.SplitUtf8(W("aé€"));
        Assert.That(cuts, Is.EqualTo(2));
        Assert.That(writes.Select(w => Convert.ToHexString(w.Bytes)), Is.EqualTo(new[] { "61C3", "A9E2", "82AC" }));
        Assert.That(writes.Select(w => w.DelayMs), Is.EqualTo(new[] { 5, Mutations.SplitDelayMs, Mutations.SplitDelayMs }));
    }

    [Test]
    public void Mutation_RemoveAndInsert_WorkAcrossWriteBoundaries()
    {
        Assert.That(Text(Mutations.Remove(W("abc", "def"), 2, 4)), Is.EqualTo("ab|ef"));
        Assert.That(Text(Mutations.Insert(W("abc", "def"), 4, "X"u8.ToArray())), Is.EqualTo("abc|d|X|ef"));
        Assert.That(Text(Mutations.Insert(W("abc"), 3, "X"u8.ToArray())), Is.EqualTo("abc|X"));
    }

    [TestCase("reset-after:12", null)]
    [TestCase("reset-after:x", "reset-after:N needs a byte count")]
    [TestCase("upside-down", "unknown mutation")]
    public void Mutation_Names_AreValidated(string name, string? error)
    {
        var result = Mutations.Validate(name);
        if (error is null) Assert.That(result, Is.Null);
        else Assert.That(result, Does.StartWith(error));
    }

    [Test]
    public void Request_RedactsCredentials_WhoeverSetThem()
    {
        var options = new LintOptions
        {
            Url = new Uri("https://api.example.com/v1"), Dialect = new AnthropicMessagesLint(), Model = "m", Key = "sk-123",
            Headers = [new("Authorization", "Bearer other"), new("X-Trace", "t")],
        };
        var request = options.ToRequest();
        Assert.That(request.Url.ToString(), Is.EqualTo("https://api.example.com/v1/messages"));
        Assert.That(request.Headers, Has.Member(new KeyValuePair<string, string>("x-api-key", "sk-123")));
        var shown = string.Join(";", request.RedactedHeaders.Select(h => $"{h.Key}={h.Value}"));
        Assert.That(shown, Does.Not.Contain("sk-123").And.Not.Contain("other").And.Contain("X-Trace=t").And.Contain("anthropic-version=2023-06-01"));
    }

    [Test]
    public void ServerRules_LoadThroughRuleCatalog_EveryOneWithCheckServer_AndEveryOneScoredBySomeCheck()
    {
        var (catalog, errors) = RuleCatalog.LoadFile(Path.Combine(Repo.Root, "rules", ServerRules.FileName));
        Assert.That(errors, Is.Empty, string.Join("\n", errors));
        Assert.That(catalog.All.Select(r => r.Check), Is.All.EqualTo(CheckKinds.Server));
        Assert.That(catalog.All.Select(r => r.Source.Document), Is.All.Matches<string>(d => RuleSource.IsExternal(d) || d.EndsWith(".txt", StringComparison.Ordinal)));
        var ids = typeof(ServerRules).GetFields().Where(f => f.IsLiteral && f.Name != nameof(ServerRules.FileName)).Select(f => (string)f.GetValue(null)!);
        Assert.That(ids, Is.EquivalentTo(catalog.All.Select(r => r.Id)), "every rule has a constant the checks use, and the other way round");
        var scored = new[] { ServerRules.StatusOk, ServerRules.ContentType, ServerRules.CacheControl, ServerRules.NoCompression, ServerRules.BlankLine, ServerRules.LineEndings, ServerRules.Flush }
            .Concat(LintDialects.All.SelectMany(d => d.StreamRules)).ToHashSet();
        Assert.That(scored, Is.EquivalentTo(catalog.All.Select(r => r.Id)), "every rule is scored by lint for some API");
    }

    [Test]
    public void ServerRules_SeedQuotes_AppearInTheirSeeds()
    {
        var seeds = Path.GetFullPath(Path.Combine(Repo.Root, "..", "shared", "seeds"));
        if (!Directory.Exists(seeds)) Assert.Ignore($"no seed folder at {seeds}");
        Assert.That(ServerRules.Catalog.VerifyQuotes(seeds), Is.Empty);
    }

    [Test]
    public void RuleSource_AcceptsAnHttpsUrl_ButNotAPlainWord()
    {
        var (_, errors) = RuleCatalog.Parse("""{"rules":[{"id":"server.a","says":"s","level":"MUST","source":{"document":"https://docs.example.com/x","quote":"q"},"check":"server"},{"id":"server.b","says":"s","level":"MUST","source":{"document":"docs","quote":"q"},"check":"server"}]}""", "t.json");
        Assert.That(errors, Is.EqualTo(new[] { "t.json: $.rules[1].source.document: 'docs' is neither a seed file name (like 001_ce4e54f928ed2bc5.txt), an https:// URL, nor a WHATWG section (" + string.Join(", ", RuleSource.WhatwgSections) + ")" }));
    }
}
