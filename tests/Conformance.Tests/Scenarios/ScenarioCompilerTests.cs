using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Conformance.Core.Scenarios;
using Conformance.Core.Wire;

namespace Conformance.Tests.Scenarios;

public sealed class ScenarioCompilerTests
{
    private static readonly string Hash = StreamBodyBuilder.StableHash("test.case");

    private static string ChatChunk(string delta, string finish = "null") =>
        $$"""data: {"id":"chatcmpl-{{Hash}}","object":"chat.completion.chunk","created":1735689600,"model":"test.case","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{finish}}}]}""" + "\n\n";

    [Test]
    public void Compile_ChatShorthands_FillConsistentChunks()
    {
        var plan = ScenarioJson.Compile("""{ "role": "assistant", "content": "" }, { "content": "Hél" }, { "reasoning": "r" }, { "finish": "stop" }, { "done": true }""");
        Assert.That(plan.Text(), Is.EqualTo(
            ChatChunk("""{"role":"assistant","content":""}""") + ChatChunk("""{"content":"Hél"}""") +
            ChatChunk("""{"reasoning_content":"r"}""") + ChatChunk("{}", "\"stop\"") + "data: [DONE]\n\n"));
    }

    [Test]
    public void Compile_ToolCallFragments_OmitIdAndNameAfterTheFirst()
    {
        var text = ScenarioJson.Compile("""{ "toolCall": { "index": 0, "id": "call_1", "name": "get_weather", "arguments": "" } }, { "toolCall": { "index": 0, "arguments": "{\"lo" } }""").Text();
        Assert.That(text, Does.Contain("""{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]}"""));
        Assert.That(text, Does.Contain("""{"tool_calls":[{"index":0,"function":{"arguments":"{\"lo"}}]}"""));
    }

    [Test]
    public void Compile_UsageStep_HasEmptyChoices()
    {
        var text = ScenarioJson.Compile("""{ "usage": { "total_tokens": 3 } }""").Text();
        Assert.That(text, Does.EndWith(""","model":"test.case","choices":[],"usage":{"total_tokens":3}}""" + "\n\n"));
    }

    [Test]
    public void Compile_ChunkOverride_AloneIsWrittenAsIs_WithShorthandsIsMerged()
    {
        var text = ScenarioJson.Compile("""{ "chunk": { "weird": true } }, { "content": "a", "chunk": { "model": "m2", "created": null } }""").Text();
        Assert.That(text, Does.StartWith("data: {\"weird\":true}\n\n"));
        Assert.That(text, Does.Contain(""","object":"chat.completion.chunk","model":"m2","choices":"""));
        Assert.That(text, Does.Not.Contain("1735689600"));
    }

    [Test]
    public void Compile_Completions_WritesTextCompletionChunks()
    {
        var text = ScenarioJson.Compile("""{ "content": "Once" }""", api: "openai-completions").Text();
        Assert.That(text, Is.EqualTo($$"""data: {"id":"cmpl-{{Hash}}","object":"text_completion","created":1735689600,"model":"test.case","choices":[{"index":0,"text":"Once","finish_reason":null}]}""" + "\n\n"));
    }

    [Test]
    public void Compile_EmbeddedError_WritesErrorObject()
    {
        var text = ScenarioJson.Compile("""{ "error": { "message": "boom", "type": "server_error" } }""").Text();
        Assert.That(text, Is.EqualTo("data: {\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}\n\n"));
    }

    [Test]
    public void Compile_AnthropicEvents_WriteEventAndDataLines()
    {
        var plan = ScenarioJson.Compile("""
            { "anthropic": "message_start" }, { "anthropic": "content_block_start", "index": 0, "blockType": "text" },
            { "anthropic": "text", "index": 0, "text": "Hi" }, { "anthropic": "input_json", "index": 1, "partialJson": "{" },
            { "anthropic": "ping" }, { "anthropic": "message_delta", "stopReason": "end_turn" },
            { "anthropic": "error", "error": { "type": "overloaded_error", "message": "Overloaded" } }, { "anthropic": "message_stop" }
            """, api: "anthropic-messages");
        var writes = plan.WriteTexts();
        Assert.That(writes[0], Does.StartWith($"event: message_start\ndata: {{\"type\":\"message_start\",\"message\":{{\"id\":\"msg_{Hash}\""));
        Assert.That(writes[1], Is.EqualTo("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"));
        Assert.That(writes[2], Is.EqualTo("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"));
        Assert.That(writes[3], Does.Contain("\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\"}"));
        Assert.That(writes[4], Is.EqualTo("event: ping\ndata: {\"type\":\"ping\"}\n\n"));
        Assert.That(writes[5], Does.Contain("\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null}"));
        Assert.That(writes[6], Is.EqualTo("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"));
        Assert.That(writes[7], Is.EqualTo("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
    }

    [Test]
    public void Compile_CommentAndSseSteps_WriteFieldLines()
    {
        var text = ScenarioJson.Compile("""
            { "comment": "keep-alive" }, { "sse": { "event": "x", "id": "1", "retry": 1000, "data": "line1\nline2" } },
            { "sse": { "event": "ping" } }, { "sse": { "data": { "json": { "a": 1 } } } }
            """).Text();
        Assert.That(text, Is.EqualTo(": keep-alive\n\nevent: x\nid: 1\nretry: 1000\ndata: line1\ndata: line2\n\nevent: ping\n\ndata: {\"a\":1}\n\n"));
    }

    [Test]
    public void Compile_RawStep_IsVerbatimAndKeepsItsOwnLineEndings()
    {
        var plan = ScenarioJson.Compile("""{ "raw": "data:x\r\n\n" }, { "comment": "c" }""", """{ "lineEnding": "cr" }""");
        Assert.That(plan.Text(), Is.EqualTo("data:x\r\n\n: c\r\r"));
    }

    [TestCase("crlf", ": a\r\n\r\n: b\r\n\r\n")]
    [TestCase("cr", ": a\r\r: b\r\r")]
    [TestCase("lf", ": a\n\n: b\n\n")]
    [TestCase("mixed", ": a\n\r: b\r\n\n")]
    public void Compile_LineEnding_AppliesToGeneratedLines(string lineEnding, string expected)
    {
        var plan = ScenarioJson.Compile("""{ "comment": "a" }, { "comment": "b" }""", $$"""{ "lineEnding": "{{lineEnding}}" }""");
        Assert.That(plan.Text(), Is.EqualTo(expected));
    }

    [Test]
    public void Compile_Bom_IsFirstBodyBytesInsideTheFirstWrite()
    {
        var plan = ScenarioJson.Compile("""{ "comment": "a" }, { "comment": "b" }""", """{ "bom": true }""");
        Assert.That(plan.Writes, Has.Count.EqualTo(2));
        Assert.That(plan.Writes[0].Bytes.ToArray(), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }.Concat(": a\n\n"u8.ToArray()).ToArray()));
    }

    [Test]
    public void Compile_PerEvent_OneWritePerStep()
    {
        var plan = ScenarioJson.Compile("""{ "comment": "a" }, { "raw": "" }, { "comment": "b" }, { "repeat": { "count": 3, "step": { "comment": "r" } } }""");
        Assert.That(plan.WriteTexts(), Is.EqualTo(new[] { ": a\n\n", ": b\n\n", ": r\n\n", ": r\n\n", ": r\n\n" }));
    }

    [Test]
    public void Compile_Single_OneWrite()
    {
        var plan = ScenarioJson.Compile("""{ "comment": "a" }, { "comment": "b" }""", """{ "split": "single" }""");
        Assert.That(plan.WriteTexts(), Is.EqualTo(new[] { ": a\n\n: b\n\n" }));
    }

    [Test]
    public void Compile_Every_CutsEveryNBytes()
    {
        var plan = ScenarioJson.Compile("""{ "raw": "abcdefg" }""", """{ "split": { "mode": "every", "bytes": 3 } }""");
        Assert.That(plan.WriteTexts(), Is.EqualTo(new[] { "abc", "def", "g" }));
    }

    [Test]
    public void Compile_Offsets_CutsAtThoseBodyOffsets()
    {
        var plan = ScenarioJson.Compile("""{ "raw": "abcdefg" }""", """{ "split": { "mode": "offsets", "at": [2, 5] } }""");
        Assert.That(plan.WriteTexts(), Is.EqualTo(new[] { "ab", "cde", "fg" }));
    }

    [Test]
    public void Compile_InsideMultiByte_SplitsEachCharacterAcrossWrites()
    {
        var plan = ScenarioJson.Compile("""{ "raw": "aü日🚀" }, { "raw": "b" }""", """{ "split": "inside-multibyte" }""");
        var writes = plan.Writes.Select(w => w.Bytes.ToArray()).ToArray();
        Assert.That(writes, Is.EqualTo(new[]
        {
            new byte[] { (byte)'a', 0xC3 }, [0xBC, 0xE6], [0x97, 0xA5, 0xF0], [0x9F, 0x9A, 0x80], [(byte)'b'],
        }));
    }

    [Test]
    public void Compile_Random_IsSeededAndBounded()
    {
        const string events = """{ "raw": { "repeat": "0123456789", "count": 50 } }""";
        const string transport = """{ "split": { "mode": "random", "seed": 3, "maxBytes": 16 } }""";
        var a = ScenarioJson.Compile(events, transport).Writes.Select(w => w.Bytes.Length).ToArray();
        var b = ScenarioJson.Compile(events, transport).Writes.Select(w => w.Bytes.Length).ToArray();
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.Sum(), Is.EqualTo(500));
        Assert.That(a, Has.All.InRange(1, 16));
        Assert.That(a.Distinct().Count(), Is.GreaterThan(3));
    }

    [Test]
    public void Compile_CrLfBetweenCrAndLf_PutsCrAndLfInSeparateWrites()
    {
        var plan = ScenarioJson.Compile("""{ "comment": "a" }""", """{ "lineEnding": "crlf", "split": "between-cr-lf" }""");
        Assert.That(plan.WriteTexts(), Is.EqualTo(new[] { ": a\r", "\n\r", "\n" }));
    }

    [Test]
    public void Compile_Delays_FirstDelayThenDelayThenPerStepOverride()
    {
        var plan = ScenarioJson.Compile("""{ "comment": "a" }, { "comment": "b" }, { "comment": "c", "delayMs": 500 }""", """{ "delayMs": 20, "firstDelayMs": 7 }""");
        Assert.That(plan.Writes.Select(w => w.DelayMs), Is.EqualTo(new[] { 7, 20, 500 }));
    }

    [Test]
    public void Compile_StepDelay_StartsANewWriteEvenInSingleMode()
    {
        var plan = ScenarioJson.Compile("""{ "comment": "a" }, { "comment": "b" }, { "comment": "c", "delayMs": 500 }""", """{ "split": "single" }""");
        Assert.That(plan.WriteTexts(), Is.EqualTo(new[] { ": a\n\n: b\n\n", ": c\n\n" }));
        Assert.That(plan.Writes[1].DelayMs, Is.EqualTo(500));
    }

    [TestCase("fin", EndKind.Fin)]
    [TestCase("reset", EndKind.Reset)]
    [TestCase("stall", EndKind.Stall)]
    public void Compile_AfterBytes_CutsTheBodyAndSetsTheEnding(string kind, EndKind expected)
    {
        var ms = kind == "stall" ? ", \"ms\": 3000" : "";
        var plan = ScenarioJson.Compile("""{ "comment": "abc" }, { "comment": "def" }""", $$"""{ "end": { "kind": "{{kind}}", "afterBytes": 8{{ms}} } }""");
        Assert.That(plan.WriteTexts(), Is.EqualTo(new[] { ": abc\n\n", ":" }));
        Assert.That(plan.Ending, Is.EqualTo(new ResponseEnding(expected, kind == "stall" ? 3000 : 0)));
    }

    [Test]
    public void Compile_HoldOpen_KeepsBodyAndCarriesMs()
    {
        var plan = ScenarioJson.Compile("""{ "done": true }""", """{ "end": { "kind": "hold-open", "ms": 1500 } }""");
        Assert.That(plan.Ending, Is.EqualTo(new ResponseEnding(EndKind.HoldOpen, 1500)));
        Assert.That(plan.Text(), Is.EqualTo("data: [DONE]\n\n"));
    }

    [Test]
    public void Compile_Gzip_EachWriteDecodesOnArrivalAndAllDecompressToTheBody()
    {
        var plain = ScenarioJson.Compile("""{ "comment": "a" }, { "comment": "b" }""");
        var gz = ScenarioJson.Compile("""{ "comment": "a" }, { "comment": "b" }""", extra: "\"gzip\": true,");
        Assert.That(gz.Headers, Does.Contain(new KeyValuePair<string, string>("Content-Encoding", "gzip")));
        Assert.That(gz.Writes, Has.Count.EqualTo(2));
        // The sync flush makes the first write decodable before the second arrives.
        using var partial = new GZipStream(new MemoryStream(gz.Writes[0].Bytes.ToArray()), CompressionMode.Decompress);
        var buffer = new byte[64];
        var read = partial.Read(buffer);
        Assert.That(Encoding.UTF8.GetString(buffer, 0, read), Is.EqualTo(": a\n\n"));
        using var all = new GZipStream(new MemoryStream(gz.Body()), CompressionMode.Decompress);
        using var output = new MemoryStream();
        all.CopyTo(output);
        Assert.That(output.ToArray(), Is.EqualTo(plain.Body()));
    }

    [Test]
    public void Compile_Headers_DefaultsOverridesAndNullRemoves()
    {
        var plan = ScenarioJson.Compile("""{ "done": true }""", extra: """ "headers": { "content-type": "text/plain", "Cache-Control": null, "X-Test": "1" }, """);
        Assert.That(plan.Headers, Is.EqualTo(new[]
        {
            new KeyValuePair<string, string>("content-type", "text/plain"),
            new KeyValuePair<string, string>("X-Test", "1"),
        }));
        var defaults = ScenarioJson.Compile("""{ "done": true }""");
        Assert.That(defaults.Headers, Is.EqualTo(new[]
        {
            new KeyValuePair<string, string>("Content-Type", "text/event-stream; charset=utf-8"),
            new KeyValuePair<string, string>("Cache-Control", "no-cache"),
        }));
        Assert.That(defaults.Status, Is.EqualTo(200));
        Assert.That(defaults.Reason, Is.EqualTo("OK"));
        Assert.That(defaults.Framing, Is.EqualTo(BodyFraming.Chunked));
    }

    [Test]
    public void Compile_AttemptPastTheList_RepeatsTheLastResponse()
    {
        var s = ScenarioJson.Parse("""
            { "id": "a.b", "title": "t", "description": "d", "rules": ["r.s"], "api": "openai-chat",
              "responses": [ { "status": 429, "headers": { "Retry-After": "1" }, "body": { "json": { "error": { "message": "slow" } } } },
                             { "stream": { "events": [ { "done": true } ] } } ] }
            """);
        var first = ScenarioCompiler.Compile(s, 1);
        Assert.That(first.Status, Is.EqualTo(429));
        Assert.That(first.Reason, Is.EqualTo("Too Many Requests"));
        Assert.That(first.Text(), Is.EqualTo("{\"error\":{\"message\":\"slow\"}}"));
        Assert.That(first.Headers, Is.EqualTo(new[] { new KeyValuePair<string, string>("Content-Type", "application/json"), new KeyValuePair<string, string>("Retry-After", "1") }));
        Assert.That(ScenarioCompiler.Compile(s, 2).Status, Is.EqualTo(200));
        Assert.That(ScenarioCompiler.Compile(s, 5).Text(), Is.EqualTo("data: [DONE]\n\n"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ScenarioCompiler.Compile(s, 0));
    }

    [Test]
    public void Compile_OneMebibyteContent_IsOneEvent()
    {
        var plan = ScenarioJson.Compile("""{ "content": { "repeat": "x", "count": 1048576 } }""");
        Assert.That(plan.Writes, Has.Count.EqualTo(1));
        Assert.That(plan.Writes[0].Bytes.Length, Is.GreaterThan(1048576));
    }

    [Test]
    public void Compile_FiveThousandEvents_OneWritePerEvent()
    {
        // Speed is measured in bench/, not asserted here.
        var s = ScenarioJson.Parse(ScenarioJson.Stream("""{ "repeat": { "count": 5000, "step": { "content": "x" } } }, { "done": true }""", """{ "lineEnding": "mixed" }"""));
        var plan = ScenarioCompiler.Compile(s, 1);
        Assert.That(plan.Writes, Has.Count.EqualTo(5001));
    }

    [Test]
    public void Compile_Emoji_IsWrittenAsRawFourByteUtf8NotEscaped()
    {
        var plan = ScenarioJson.Compile("""{ "content": "🚀 \\uD83D é" }""");
        Assert.That(plan.Text(), Does.Contain("\"content\":\"🚀 \\\\uD83D é\""));
        Assert.That(plan.Body(), Does.Contain((byte)0xF0));
    }

    [Test]
    public void Compile_LineAndParagraphSeparatorsAndC1Controls_AreWrittenRawNotEscaped()
    {
        // JSON allows U+2028, U+2029 and U+0085 raw; the relaxed encoder escapes them, the wire must not.
        var plan = ScenarioJson.Compile("""{ "content": "a\u2028b\u2029c\u0085d\u007f \n\u0001 \"q\" \\u2028" }""");
        Assert.That(plan.Text(), Does.Contain("\"content\":\"a\u2028b\u2029c\u0085d\u007f \\n\\u0001 \\\"q\\\" \\\\u2028\""));
        Assert.That(plan.Body(), Does.Contain((byte)0xE2).And.Contain((byte)0xC2));
    }

    [Test]
    public void Compile_Generate_ExpandsIntoContentSteps()
    {
        var plan = ScenarioJson.Compile("""{ "generate": { "seed": 7, "locale": "ja", "words": 12, "pieces": 4, "emoji": true } }""");
        Assert.That(plan.Writes, Has.Count.EqualTo(4));
        Assert.That(plan.WriteTexts(), Has.All.StartWith("data: {").And.All.Contains("\"content\":"));
    }
}
