using System.Text;
using System.Text.Json.Nodes;

namespace DotnetCareful;

/// <summary>Assembles the client's own view of the message from the yielded chunks (the <c>message</c> line).</summary>
public sealed class MessageAssembler(string api)
{
    private readonly StringBuilder _content = new();
    private readonly StringBuilder _reasoning = new();
    private readonly SortedDictionary<int, ToolCall> _tools = [];
    private readonly Dictionary<int, int> _anthropicBlocks = [];
    private string? _finish;
    private JsonObject? _usage;

    /// <summary>True once any chunk was added.</summary>
    public bool Any { get; private set; }

    public void Add(JsonNode? chunk)
    {
        Any = true;
        if (chunk is not JsonObject v) return;
        if (api == "anthropic-messages")
        {
            AddAnthropic(v);
            return;
        }

        if (api == "openai-responses")
        {
            AddResponses(v);
            return;
        }

        if (v["usage"] is JsonObject usage) _usage = (JsonObject)usage.DeepClone();
        if (v["choices"] is not JsonArray { Count: > 0 } choices || choices[0] is not JsonObject c) return;
        if (Str(c["finish_reason"]) is { } finish) _finish = finish;
        if (api == "openai-completions")
        {
            _content.Append(Str(c["text"]));
            return;
        }

        if (c["delta"] is not JsonObject d) return;
        _content.Append(Str(d["content"]));
        // reasoning_content (DeepSeek, SandBase) or reasoning (Ollama, vLLM, OpenRouter); vLLM may send both with the same text.
        _reasoning.Append(Str(d["reasoning_content"]) ?? Str(d["reasoning"]));
        if (d["tool_calls"] is not JsonArray calls) return;
        foreach (var node in calls)
        {
            if (node is not JsonObject tc) continue;
            var index = Int(tc["index"]) ?? 0;
            if (!_tools.TryGetValue(index, out var t)) _tools[index] = t = new ToolCall(index);
            if (Str(tc["id"]) is { Length: > 0 } id) t.Id = id;
            if (tc["function"] is JsonObject f)
            {
                t.Name.Append(Str(f["name"]));
                t.Arguments.Append(Str(f["arguments"]));
            }
        }
    }

    /// <summary>Responses events: text from output_text deltas only (the .done events repeat it), function calls by output_index.</summary>
    private void AddResponses(JsonObject v)
    {
        var outputIndex = Int(v["output_index"]) ?? 0;
        switch (Str(v["type"]))
        {
            case "response.output_text.delta": _content.Append(Str(v["delta"])); break;
            case "response.reasoning_summary_text.delta":
            case "response.reasoning_text.delta":
                _reasoning.Append(Str(v["delta"]));
                break;
            case "response.output_item.added":
                if (v["item"] is JsonObject item && Str(item["type"]) == "function_call")
                {
                    // tool_calls[].index is the position among tool calls, not the output index.
                    var idx = _tools.Count;
                    _anthropicBlocks[outputIndex] = idx;
                    _tools[idx] = new ToolCall(idx) { Id = Str(item["call_id"]) ?? "" };
                    _tools[idx].Name.Append(Str(item["name"]));
                }

                break;
            case "response.function_call_arguments.delta":
                if (_anthropicBlocks.TryGetValue(outputIndex, out var ti)) _tools[ti].Arguments.Append(Str(v["delta"]));
                break;
            case "response.completed":
            case "response.incomplete":
                if (Str(v["response"]?["status"]) is { } status) _finish = status;
                if (v["response"]?["usage"] is JsonObject u) _usage = (JsonObject)u.DeepClone();
                break;
            default:
                break;
        }
    }

    private void AddAnthropic(JsonObject v)
    {
        switch (Str(v["type"]))
        {
            case "message_start":
                if (v["message"]?["usage"] is JsonObject u) _usage = (JsonObject)u.DeepClone();
                break;
            case "content_block_start":
                if (v["content_block"] is JsonObject block)
                {
                    if (Str(block["type"]) == "tool_use")
                    {
                        // tool_calls[].index is the position among tool calls (the OpenAI meaning), not the block index.
                        var idx = _tools.Count;
                        _anthropicBlocks[Int(v["index"]) ?? -1] = idx;
                        _tools[idx] = new ToolCall(idx) { Id = Str(block["id"]) ?? "" };
                        _tools[idx].Name.Append(Str(block["name"]));
                    }
                    else if (Str(block["type"]) == "text")
                    {
                        _content.Append(Str(block["text"]));
                    }
                }

                break;
            case "content_block_delta":
                if (v["delta"] is not JsonObject d) break;
                switch (Str(d["type"]))
                {
                    case "text_delta": _content.Append(Str(d["text"])); break;
                    case "thinking_delta": _reasoning.Append(Str(d["thinking"])); break;
                    case "input_json_delta":
                        if (_anthropicBlocks.TryGetValue(Int(v["index"]) ?? -1, out var ti)) _tools[ti].Arguments.Append(Str(d["partial_json"]));
                        break;
                    default: break;
                }

                break;
            case "message_delta":
                if (Str(v["delta"]?["stop_reason"]) is { } stop) _finish = stop;
                if (v["usage"] is JsonObject mu)
                {
                    _usage ??= [];
                    foreach (var (k, val) in mu) _usage[k] = val?.DeepClone();
                }

                break;
            default:
                break;
        }
    }

    public JsonObject ToMessage()
    {
        var m = new JsonObject { ["type"] = "message", ["content"] = _content.ToString() };
        if (_tools.Count > 0)
        {
            var arr = new JsonArray();
            foreach (var t in _tools.Values)
            {
                arr.Add(new JsonObject { ["index"] = t.Index, ["id"] = t.Id, ["name"] = t.Name.ToString(), ["arguments"] = t.Arguments.ToString() });
            }

            m["tool_calls"] = arr;
        }

        if (_reasoning.Length > 0) m["reasoning"] = _reasoning.ToString();
        if (_finish is not null) m["finish_reason"] = _finish;
        if (_usage is not null) m["usage"] = _usage.DeepClone();
        return m;
    }

    private static string? Str(JsonNode? n) =>
        n is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;

    private static int? Int(JsonNode? n) =>
        n is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number && v.TryGetValue<int>(out var i) ? i : null;

    private sealed class ToolCall(int index)
    {
        public int Index { get; } = index;
        public string Id { get; set; } = "";
        public StringBuilder Name { get; } = new();
        public StringBuilder Arguments { get; } = new();
    }
}
