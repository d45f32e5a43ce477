using Conformance.Core.Dialects;
using Conformance.Core.Scenarios;
using Conformance.Core.Scenarios.Steps;
using Conformance.Core.Wire;

namespace Conformance.Tests.Scenarios;

public sealed class ScenarioParserTests
{
    private static IReadOnlyList<ScenarioError> Errors(string json) => ScenarioParser.Parse(json, "f.json").Errors;

    [Test]
    public void Parse_ValidScenario_ReadsEveryTopLevelField()
    {
        var s = ScenarioJson.Parse("""
            { "id": "retries.x", "title": "T", "description": "D", "rules": ["http.retry.429"], "api": "openai-chat",
              "client": { "cancelAfter": 2, "idleTimeoutMs": 900, "maxRetries": 1 },
              "responses": [ { "status": 429, "headers": { "Retry-After": "1" }, "body": "slow down" },
                             { "stream": { "events": [ { "content": "a" }, { "done": true } ] } } ] }
            """);
        Assert.That(s.Id, Is.EqualTo("retries.x"));
        Assert.That(s.Family, Is.EqualTo("retries"));
        Assert.That(s.Api, Is.EqualTo(DialectCatalog.OpenAiChat));
        Assert.That(s.Client, Is.EqualTo(new ClientSettings { CancelAfter = 2, IdleTimeoutMs = 900, MaxRetries = 1 }));
        Assert.That(s.Responses[0].Status, Is.EqualTo(429));
        Assert.That(s.Responses[0].Body!.Text, Is.EqualTo("slow down"));
        Assert.That(s.Responses[1].Stream!.Events, Has.Count.EqualTo(2));
        Assert.That(s.Responses[1].Stream!.Events[1], Is.TypeOf<DoneStep>());
    }

    [Test]
    public void Parse_NoClientObject_ClientIsNeverNull()
    {
        var s = ScenarioJson.Parse(ScenarioJson.Stream("""{ "done": true }"""));
        Assert.That(s.Client, Is.Not.Null);
        Assert.That(s.Client.IdleTimeoutMs, Is.Null);
    }

    [Test]
    public void Parse_Reconnects_IsReadAndExcludesRetriesAndCancel()
    {
        string With(string client) => ScenarioJson.Stream("""{ "sse": { "id": "1", "data": "a" } }""").Replace("\"api\":", $"\"client\": {client}, \"api\":", StringComparison.Ordinal);
        Assert.That(ScenarioJson.Parse(With("""{ "reconnects": 3 }""")).Client.Reconnects, Is.EqualTo(3));
        Assert.That(Errors(With("""{ "reconnects": 2, "maxRetries": 1 }""")).Select(e => e.ToString()),
            Has.Some.StartWith("f.json: $.client.reconnects: 'reconnects' and 'maxRetries' exclude each other"));
        Assert.That(Errors(With("""{ "reconnects": 2, "cancelAfter": 1 }""")), Has.Count.EqualTo(1));
        Assert.That(Errors(With("""{ "reconnects": 0 }""")).Single().Message, Does.StartWith("must be between 1 and 20"));
    }

    [Test]
    public void Parse_UnknownProperty_ReportsJsonPath()
    {
        var errors = Errors(ScenarioJson.Stream("""{ "content": "a" }, { "toolCall": { "indx": 0 } }"""));
        Assert.That(errors.Select(e => e.JsonPath), Does.Contain("$.responses[0].stream.events[1].toolCall.indx"));
        var unknown = errors.Single(e => e.JsonPath.EndsWith(".indx", StringComparison.Ordinal));
        Assert.That(unknown.Message, Does.Contain("unknown property 'indx'").And.Contain("did you mean 'index'"));
        Assert.That(unknown.ToString(), Does.StartWith("f.json: $.responses[0].stream.events[1].toolCall.indx: "));
    }

    [Test]
    public void Parse_BrokenFile_ReportsEveryErrorAtOnce()
    {
        var errors = Errors("""
            { "id": "Bad Id", "title": 3, "rules": ["ok.rule", "NOT A RULE"], "api": "openai-chat", "colour": "red",
              "client": { "idleTimeoutMs": "soon" },
              "responses": [
                { "status": 99, "stream": { "events": [ { "anthropic": "ping" }, { "finsh": "stop" }, { "done": false } ],
                  "transport": { "lineEnding": "lfcr", "split": { "mode": "every" }, "end": { "kind": "explode" } } } },
                { "body": "x", "stream": { "events": [] } }
              ] }
            """);
        var paths = errors.Select(e => e.JsonPath).ToList();
        Assert.That(paths, Is.SupersetOf(new[]
        {
            "$.id", "$.title", "$.rules[1]", "$.colour", "$.client.idleTimeoutMs", "$.responses[0].status",
            "$.responses[0].stream.events[0]", "$.responses[0].stream.events[1].finsh", "$.responses[0].stream.events[2].done",
            "$.responses[0].stream.transport.lineEnding", "$.responses[0].stream.transport.split",
            "$.responses[0].stream.transport.end.kind", "$.responses[1]",
        }));
        Assert.That(errors.Any(e => e.JsonPath == "$" && e.Message.Contains("'description'", StringComparison.Ordinal)));
        Assert.That(errors, Has.Count.GreaterThanOrEqualTo(14));
    }

    [Test]
    public void Parse_MalformedJson_ReportsLineAndPosition()
    {
        var errors = Errors("{\n  \"id\": \"a.b\",\n  \"title\": \"x\" \"oops\"\n}");
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0].Message, Does.Contain("malformed JSON at line 3"));
    }

    [Test]
    public void Parse_CommentsAndTrailingCommas_AreAllowed()
    {
        var json = """
            // a scenario
            { "id": "a.b", "title": "t", "description": "d", "rules": ["r.s",], "api": "openai-chat",
              /* block */ "responses": [ { "stream": { "events": [ { "done": true }, ], }, }, ], }
            """;
        Assert.That(Errors(json), Is.Empty);
    }

    [Test]
    public void Parse_DuplicateProperty_IsError()
    {
        var errors = Errors("""{ "id": "a.b", "id": "a.c" }""");
        Assert.That(errors.Single().Message, Does.Contain("malformed JSON"));
    }

    [Test]
    public void Parse_AnthropicStepInOpenAiScenario_IsError()
    {
        var errors = Errors(ScenarioJson.Stream("""{ "anthropic": "message_start" }"""));
        Assert.That(errors.Single().JsonPath, Is.EqualTo("$.responses[0].stream.events[0]"));
        Assert.That(errors.Single().Message, Does.Contain("does not fit api 'openai-chat'"));
    }

    [Test]
    public void Parse_OpenAiStepsInAnthropicScenario_AreErrors()
    {
        var errors = Errors(ScenarioJson.Stream("""{ "content": "x" }, { "done": true }, { "error": {} }""", api: "anthropic-messages"));
        Assert.That(errors, Has.Count.EqualTo(3));
    }

    [Test]
    public void Parse_ChatOnlyShorthandInCompletions_IsError()
    {
        var errors = Errors(ScenarioJson.Stream("""{ "role": "assistant" }""", api: "openai-completions"));
        Assert.That(errors.Single().JsonPath, Is.EqualTo("$.responses[0].stream.events[0].role"));
    }

    [Test]
    public void Parse_UnknownEnumValue_ListsAllowedValues()
    {
        var errors = Errors(ScenarioJson.Stream("""{ "done": true }""", """{ "split": "sometimes" }"""));
        Assert.That(errors.Single().Message, Does.Contain("'sometimes'").And.Contain("inside-multibyte"));
    }

    [Test]
    public void Parse_TwoStepKindsInOneStep_IsError()
    {
        var errors = Errors(ScenarioJson.Stream("""{ "raw": "x", "comment": "y" }"""));
        Assert.That(errors.Single().Message, Does.Contain("exactly one kind"));
    }

    [Test]
    public void Parse_AnthropicPropertyThatDoesNotApply_IsError()
    {
        var errors = Errors(ScenarioJson.Stream("""{ "anthropic": "ping", "text": "x" }, { "anthropic": "content_block_start", "blockType": "tool_use" }""", api: "anthropic-messages"));
        Assert.That(errors.Select(e => e.JsonPath), Is.EquivalentTo(new[] { "$.responses[0].stream.events[0].text", "$.responses[0].stream.events[1]", "$.responses[0].stream.events[1]" }));
    }

    [Test]
    public void Parse_SplitParameterForWrongMode_IsError()
    {
        var errors = Errors(ScenarioJson.Stream("""{ "done": true }""", """{ "split": { "mode": "single", "bytes": 3 } }"""));
        Assert.That(errors.Single().JsonPath, Is.EqualTo("$.responses[0].stream.transport.split.bytes"));
    }

    [Test]
    public void Parse_SplitOffsetsNotStrictlyIncreasing_IsErrorAtTheOffset()
    {
        var errors = Errors(ScenarioJson.Stream("""{ "raw": "abcdefghij" }""", """{ "split": { "mode": "offsets", "at": [2, 6, 4, 4] } }"""));
        Assert.That(errors.Select(e => e.JsonPath), Is.EqualTo(new[] { "$.responses[0].stream.transport.split.at[2]", "$.responses[0].stream.transport.split.at[3]" }));
        Assert.That(errors[0].Message, Is.EqualTo("offsets must be strictly increasing: 4 follows 6"));
        Assert.That(errors[1].Message, Is.EqualTo("offsets must be strictly increasing: 4 follows 4"));
    }

    [Test]
    public void Parse_AfterBytesOnCleanEnd_IsError()
    {
        var errors = Errors(ScenarioJson.Stream("""{ "done": true }""", """{ "end": { "kind": "clean", "afterBytes": 3 } }"""));
        Assert.That(errors.Single().JsonPath, Is.EqualTo("$.responses[0].stream.transport.end.afterBytes"));
    }

    [Test]
    public void Parse_RepeatedTextValue_ExpandsToFullString()
    {
        var s = ScenarioJson.Parse(ScenarioJson.Stream("""{ "content": { "repeat": "ab", "count": 3 } }"""));
        Assert.That(((ChunkStep)s.Responses[0].Stream!.Events[0]).Content, Is.EqualTo("ababab"));
    }

    [Test]
    public void Parse_FramingAndGzip_AreRead()
    {
        var s = ScenarioJson.Parse(ScenarioJson.Stream("""{ "done": true }""", extra: """ "framing": "close-delimited", "gzip": true, """));
        Assert.That(s.Responses[0].Framing, Is.EqualTo(BodyFraming.CloseDelimited));
        Assert.That(s.Responses[0].Gzip, Is.True);
    }

    [Test]
    public void Parse_UnknownLocale_IsError()
    {
        var errors = Errors(ScenarioJson.Stream("""{ "generate": { "seed": 1, "locale": "xx_YY" } }"""));
        Assert.That(errors.Single().JsonPath, Is.EqualTo("$.responses[0].stream.events[0].generate.locale"));
    }

    [Test]
    public void Parse_HoldOpenWithoutMs_IsError()
    {
        var errors = Errors(ScenarioJson.Stream("""{ "done": true }""", """{ "end": { "kind": "hold-open" } }"""));
        Assert.That(errors.Single().JsonPath, Is.EqualTo("$.responses[0].stream.transport.end"));
    }

    [Test]
    public void Parse_HeaderValueOfWrongType_ReportsHeaderPath()
    {
        var errors = Errors(ScenarioJson.Stream("""{ "done": true }""", extra: """ "headers": { "Retry-After": true }, """));
        Assert.That(errors.Single().JsonPath, Is.EqualTo("$.responses[0].headers['Retry-After']"));
    }

    [Test]
    public void Parse_DeeplyNestedRepeat_IsError()
    {
        var step = """{ "done": true }""";
        for (var i = 0; i < 6; i++) step = $$"""{ "repeat": { "count": 1, "step": {{step}} } }""";
        Assert.That(Errors(ScenarioJson.Stream(step)).Single().Message, Does.Contain("nest at most"));
    }
}

/// <summary>The `bytes` step: raw bytes text cannot express.</summary>
public sealed class BytesStepTests
{
    [Test]
    public void HexAndBase64_AreWrittenAsTheyAre()
    {
        var plan = ScenarioJson.Compile("""{ "bytes": "hex:EF BB" }, { "raw": "a" }, { "bytes": "base64:gA==" }""");
        Assert.That(plan.Body(), Is.EqualTo(new byte[] { 0xEF, 0xBB, (byte)'a', 0x80 }));
    }

    [TestCase("hex:EF B", "pairs of hex digits")]
    [TestCase("hex:ZZ", "pairs of hex digits")]
    [TestCase("base64:***", "must be followed by base64")]
    [TestCase("EF BB", "expected \"hex:…\" or \"base64:…\"")]
    public void BadBytes_AreLocatedErrors(string bytes, string message)
    {
        var (_, errors) = Conformance.Core.Scenarios.ScenarioParser.Parse(ScenarioJson.Stream($$"""{ "bytes": "{{bytes}}" }"""), "t.json");
        var texts = errors.Select(e => e.ToString()).ToList();
        Assert.That(texts, Has.Some.Contains("$.responses[0].stream.events[0].bytes").And.Some.Contains(message), string.Join("\n", texts));
    }
}
