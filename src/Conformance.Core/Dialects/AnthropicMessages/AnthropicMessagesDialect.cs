using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Core.Scoring;
using Conformance.Core.Sse;
using Conformance.Core.Wire;

namespace Conformance.Core.Dialects.AnthropicMessages;

/// <summary>
/// <c>anthropic-messages</c>: <c>POST /v1/messages</c>, named events (seed 004): <c>ping</c> is a keep-alive,
/// <c>event: error</c> is raised, <c>message_stop</c> ends the stream; there is no <c>[DONE]</c>.
/// </summary>
public sealed class AnthropicMessagesDialect : IDialect
{
    public string Name => "anthropic-messages";
    public string Provider => "anthropic";
    public IReadOnlyList<DialectEndpoint> Endpoints { get; } = [new("POST", "v1/messages")];

    public JsonObject RequestBody(string model, string prompt) => new()
    {
        ["model"] = model,
        ["max_tokens"] = 1024,
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
        ["stream"] = true,
    };

    public IReadOnlyList<IStepKind> StepKinds { get; } = [new AnthropicStepKind()];
    public bool GenerateTakesIndex => true;
    public string TerminatorWhy => "the stream ends with event: message_stop";
    public bool NumbersToolCallsByPosition => true;

    public IDialectStream NewStream(StreamContext context) => new AnthropicStream(context);

    public EventRole Classify(SseEvent e) => e.Type switch
    {
        "ping" => EventRole.KeepAlive, // keep-alive, not content (004)
        "error" => EventRole.Error,
        "message_stop" => EventRole.Final,
        _ => EventRole.Content,
    };

    public string? ErrorTypeOf(string data) => ExpectedOutcome.ErrorTypeOf(data);

    public ExpectedOutcome? OutcomeWithoutTerminator(EndKind ending) => null;

    public void Assemble(JsonElement chunk, Assembly message)
    {
        switch (Assembly.Str(chunk, "type"))
        {
            case "content_block_start":
                if (chunk.TryGetProperty("content_block", out var block) && Assembly.Str(block, "type") == "tool_use")
                    message.Tool(chunk.TryGetProperty("index", out var bi) ? bi.GetInt32() : 0, Assembly.Str(block, "id"), Assembly.Str(block, "name"), replace: true);
                break;
            case "content_block_delta":
                if (!chunk.TryGetProperty("delta", out var delta)) break;
                switch (Assembly.Str(delta, "type"))
                {
                    case "text_delta": message.AppendText(Assembly.Str(delta, "text")); break;
                    case "thinking_delta": message.AppendReasoning(Assembly.Str(delta, "thinking")); break;
                    case "input_json_delta":
                        message.AppendToolArguments(chunk.TryGetProperty("index", out var di) ? di.GetInt32() : 0, Assembly.Str(delta, "partial_json"));
                        break;
                }
                break;
            case "message_delta":
                if (chunk.TryGetProperty("delta", out var md) && Assembly.Str(md, "stop_reason") is { } stop) message.FinishReason = stop;
                if (chunk.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object) message.Usage = u.GetRawText();
                break;
        }
    }

    /// <summary>message_start's id is <c>msg_&lt;hash&gt;</c>: pin it.</summary>
    public void PinIds(JsonObject step, string hash)
    {
        if (step["anthropic"]?.GetValue<string>() == "message_start" && !step.ContainsKey("id")) step["id"] = "msg_" + hash;
    }
}
