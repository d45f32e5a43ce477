using System.Text.Json.Nodes;
using Conformance.Core.Scenarios;

namespace Conformance.Tests.Scenarios;

/// <summary>Keeps scenarios/scenario.schema.json and the parser from drifting apart.</summary>
public sealed class ScenarioSchemaTests
{
    /// <summary>One step of every kind and every optional object, so the parser asks for every property name it knows.</summary>
    private const string KitchenSink = """
        {
          "$schema": "../scenario.schema.json", "id": "k.sink", "title": "t", "description": "d", "rules": ["r.s"], "api": "openai-chat",
          "client": { "cancelAfter": 1, "idleTimeoutMs": 1, "maxRetries": 1, "totalTimeoutMs": 1 },
          "responses": [
            { "status": 200, "reason": "OK", "headers": { "X": "1", "Retry-After": { "httpDateInSeconds": 1 } }, "framing": "chunked", "gzip": false, "body": { "json": 1 } },
            { "stream": { "model": "m", "events": [
                { "role": "assistant", "content": { "repeat": "x", "count": 2 }, "delayMs": 1 },
                { "reasoning": "r" }, { "toolCall": { "index": 0, "id": "c", "name": "n", "arguments": "{}" } }, { "toolCall": [ { "index": 1 } ] },
                { "finish": "stop" }, { "usage": {} }, { "chunk": {} }, { "done": true }, { "error": {} },
                { "comment": "c" }, { "sse": { "event": "e", "id": "1", "retry": 1, "data": { "json": 1 } } }, { "raw": "r" },
                { "generate": { "seed": 1, "locale": "en", "words": 1, "pieces": 1, "emoji": true, "cjk": true } },
                { "repeat": { "count": 1, "step": { "done": true } } } ],
              "transport": { "lineEnding": "lf", "bom": false, "split": { "mode": "random", "seed": 1, "maxBytes": 2 }, "delayMs": 1, "firstDelayMs": 1,
                             "end": { "kind": "fin", "afterBytes": 1 } } } },
            { "stream": { "events": [], "transport": { "split": { "mode": "every", "bytes": 1 }, "end": { "kind": "stall", "ms": 1 } } } },
            { "stream": { "events": [ { "raw": "ab" } ], "transport": { "split": { "mode": "offsets", "at": [1] } } } }
          ]
        }
        """;

    private const string AnthropicSink = """
        { "id": "k.a", "title": "t", "description": "d", "rules": ["r.s"], "api": "anthropic-messages",
          "responses": [ { "stream": { "events": [
            { "anthropic": "message_start", "id": "m", "usage": {} },
            { "anthropic": "content_block_start", "index": 0, "blockType": "tool_use", "id": "t", "name": "n" },
            { "anthropic": "text", "text": "x" }, { "anthropic": "thinking", "thinking": "x" }, { "anthropic": "input_json", "partialJson": "x" },
            { "anthropic": "message_delta", "stopReason": "end_turn", "usage": {} }, { "anthropic": "error", "error": {} },
            { "generate": { "seed": 1, "index": 0 } } ] } } ] }
        """;

    private static HashSet<string> SchemaPropertyNames()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "scenario.schema.json")))!;
        var names = new HashSet<string>(StringComparer.Ordinal);
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        if (key == "properties" && value is JsonObject props) foreach (var (name, _) in props) names.Add(name);
                        Walk(value);
                    }
                    break;
                case JsonArray a:
                    foreach (var item in a) Walk(item);
                    break;
            }
        }
        Walk(schema);
        return names;
    }

    [Test]
    public void Schema_NamesEveryPropertyTheParserAccepts_AndNoOthers()
    {
        Assert.That(ScenarioParser.Parse(KitchenSink, "sink.json").Errors, Is.Empty);
        Assert.That(ScenarioParser.Parse(AnthropicSink, "sink.json").Errors, Is.Empty);
        var accepted = ScenarioParser.AcceptedPropertyNames.ToHashSet(StringComparer.Ordinal);
        var schema = SchemaPropertyNames();
        Assert.That(accepted.Except(schema), Is.Empty, "accepted by the parser but missing from the schema");
        Assert.That(schema.Except(accepted), Is.Empty, "in the schema but never accepted by the parser");
    }

    [Test]
    public void Schema_IsDraft2020_12_AndClosed()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(ScenarioJson.RepoRoot(), "scenarios", "scenario.schema.json")))!;
        Assert.That((string?)schema["$schema"], Is.EqualTo("https://json-schema.org/draft/2020-12/schema"));
        Assert.That((bool?)schema["additionalProperties"], Is.False);
    }
}
