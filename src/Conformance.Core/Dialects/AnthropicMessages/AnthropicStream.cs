using System.Text.Json.Nodes;
using Conformance.Core.Scenarios.Steps;

namespace Conformance.Core.Dialects.AnthropicMessages;

/// <summary>Writes Anthropic Messages events as <c>event: &lt;type&gt;\ndata: &lt;json&gt;\n\n</c>.</summary>
internal sealed class AnthropicStream(StreamContext context) : IDialectStream
{
    public bool Write(StreamStep step)
    {
        if (step is not AnthropicStep a) return false;
        var (type, payload) = Payload(a);
        context.Event(type, payload);
        return true;
    }

    public void WriteText(string text, int index) => Write(new AnthropicStep { Kind = AnthropicEventKind.Text, Index = index, Text = text });

    private (string Type, JsonObject Payload) Payload(AnthropicStep a)
    {
        JsonObject Delta(string type, string field, JsonNode? value) => new()
        {
            ["type"] = "content_block_delta", ["index"] = a.Index,
            ["delta"] = new JsonObject { ["type"] = type, [field] = value },
        };
        return a.Kind switch
        {
            AnthropicEventKind.MessageStart => ("message_start", new JsonObject
            {
                ["type"] = "message_start",
                ["message"] = new JsonObject
                {
                    ["id"] = a.Id ?? "msg_" + context.Hash, ["type"] = "message", ["role"] = "assistant", ["model"] = context.Model,
                    ["content"] = new JsonArray(), ["stop_reason"] = null, ["stop_sequence"] = null,
                    ["usage"] = a.Usage?.DeepClone() ?? new JsonObject { ["input_tokens"] = 12, ["output_tokens"] = 1 },
                },
            }),
            AnthropicEventKind.ContentBlockStart => ("content_block_start", new JsonObject
            {
                ["type"] = "content_block_start", ["index"] = a.Index,
                ["content_block"] = a.BlockType switch
                {
                    "tool_use" => new JsonObject { ["type"] = "tool_use", ["id"] = a.Id, ["name"] = a.Name, ["input"] = new JsonObject() },
                    "thinking" => new JsonObject { ["type"] = "thinking", ["thinking"] = "" },
                    _ => new JsonObject { ["type"] = "text", ["text"] = "" },
                },
            }),
            AnthropicEventKind.Text => ("content_block_delta", Delta("text_delta", "text", a.Text)),
            AnthropicEventKind.Thinking => ("content_block_delta", Delta("thinking_delta", "thinking", a.Text)),
            AnthropicEventKind.InputJson => ("content_block_delta", Delta("input_json_delta", "partial_json", a.Text)),
            AnthropicEventKind.Signature => ("content_block_delta", Delta("signature_delta", "signature", a.Text)),
            AnthropicEventKind.Citations => ("content_block_delta", Delta("citations_delta", "citation", a.Citation?.DeepClone())),
            AnthropicEventKind.ContentBlockStop => ("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = a.Index }),
            AnthropicEventKind.MessageDelta => ("message_delta", new JsonObject
            {
                ["type"] = "message_delta",
                ["delta"] = new JsonObject { ["stop_reason"] = a.StopReason, ["stop_sequence"] = null },
                ["usage"] = a.Usage?.DeepClone() ?? new JsonObject { ["output_tokens"] = 15 },
            }),
            AnthropicEventKind.MessageStop => ("message_stop", new JsonObject { ["type"] = "message_stop" }),
            AnthropicEventKind.Ping => ("ping", new JsonObject { ["type"] = "ping" }),
            AnthropicEventKind.Error => ("error", new JsonObject { ["type"] = "error", ["error"] = a.Error?.DeepClone() }),
            _ => throw new InvalidOperationException($"unhandled anthropic event {a.Kind}"),
        };
    }
}
