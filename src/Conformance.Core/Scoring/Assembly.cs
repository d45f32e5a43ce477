using System.Text;
using System.Text.Json;
using Conformance.Core.Observations;
using Conformance.Core.Scenarios;

namespace Conformance.Core.Scoring;

/// <summary>
/// Assembles a message from event objects the way a chat UI does: text from delta.content / text /
/// text_delta, tool calls by index, reasoning, finish reason, usage. Used on both the expected and
/// the observed chunks, so the two are assembled by the same code.
/// </summary>
public sealed class Assembly(ApiKind api)
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _reasoning = new();
    private readonly SortedDictionary<int, (string? Id, string? Name, StringBuilder Args)> _tools = [];
    private bool _hasReasoning;

    public string Text => _text.ToString();
    public string? Reasoning => _hasReasoning ? _reasoning.ToString() : null;
    public string? FinishReason { get; private set; }
    public string? Usage { get; private set; }

    /// <summary>Tool calls in order. OpenAI: index as sent; Anthropic: the position among tool_use blocks (the block index counts text blocks too).</summary>
    public IReadOnlyList<ToolCallObservation> ToolCalls =>
        [.. _tools.Select((t, i) => new ToolCallObservation(api == ApiKind.AnthropicMessages ? i : t.Key, t.Value.Id, t.Value.Name, t.Value.Args.ToString()))];

    public void Add(JsonElement chunk)
    {
        if (chunk.ValueKind == JsonValueKind.String) { _text.Append(chunk.GetString()); return; }
        if (chunk.ValueKind != JsonValueKind.Object) return;
        if (api == ApiKind.AnthropicMessages) AddAnthropic(chunk);
        else AddOpenAi(chunk);
    }

    private void AddOpenAi(JsonElement chunk)
    {
        if (chunk.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object) Usage = usage.GetRawText();
        if (!chunk.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array) return;
        foreach (var choice in choices.EnumerateArray())
        {
            if (choice.ValueKind != JsonValueKind.Object) continue;
            if (choice.TryGetProperty("index", out var ix) && ix.ValueKind == JsonValueKind.Number && ix.GetInt32() != 0) continue;
            if (Str(choice, "finish_reason") is { } finish) FinishReason = finish;
            if (Str(choice, "text") is { } text) _text.Append(text); // completions
            if (!choice.TryGetProperty("delta", out var delta) || delta.ValueKind != JsonValueKind.Object) continue;
            if (Str(delta, "content") is { } content) _text.Append(content);
            if ((Str(delta, "reasoning_content") ?? Str(delta, "reasoning")) is { } reasoning) { _reasoning.Append(reasoning); _hasReasoning = true; }
            if (delta.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
            {
                foreach (var call in calls.EnumerateArray())
                {
                    if (call.ValueKind != JsonValueKind.Object) continue;
                    var index = call.TryGetProperty("index", out var ci) && ci.ValueKind == JsonValueKind.Number ? ci.GetInt32() : 0;
                    var entry = _tools.TryGetValue(index, out var e) ? e : (null, null, new StringBuilder());
                    var fn = call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
                    entry.Id ??= Str(call, "id");
                    if (fn.ValueKind == JsonValueKind.Object)
                    {
                        entry.Name ??= Str(fn, "name");
                        if (Str(fn, "arguments") is { } args) entry.Args.Append(args);
                    }
                    _tools[index] = entry;
                }
            }
        }
    }

    private void AddAnthropic(JsonElement chunk)
    {
        switch (Str(chunk, "type"))
        {
            case "content_block_start":
                if (chunk.TryGetProperty("content_block", out var block) && Str(block, "type") == "tool_use")
                {
                    var index = chunk.TryGetProperty("index", out var bi) ? bi.GetInt32() : 0;
                    _tools[index] = (Str(block, "id"), Str(block, "name"), new StringBuilder());
                }
                break;
            case "content_block_delta":
                if (!chunk.TryGetProperty("delta", out var delta)) break;
                switch (Str(delta, "type"))
                {
                    case "text_delta": _text.Append(Str(delta, "text")); break;
                    case "thinking_delta": _reasoning.Append(Str(delta, "thinking")); _hasReasoning = true; break;
                    case "input_json_delta":
                        var index = chunk.TryGetProperty("index", out var di) ? di.GetInt32() : 0;
                        var entry = _tools.TryGetValue(index, out var e) ? e : (null, null, new StringBuilder());
                        entry.Args.Append(Str(delta, "partial_json"));
                        _tools[index] = entry;
                        break;
                }
                break;
            case "message_delta":
                if (chunk.TryGetProperty("delta", out var md) && Str(md, "stop_reason") is { } stop) FinishReason = stop;
                if (chunk.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object) Usage = u.GetRawText();
                break;
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
