using System.Text;
using System.Text.Json.Nodes;
using Conformance.Core.Scenarios.Steps;

namespace Conformance.Core.Dialects.OpenAiResponses;

/// <summary>
/// Writes one Responses API stream. It keeps what a real server keeps: the next <c>sequence_number</c>, the output
/// items added so far and what their deltas carried, so ids, indexes, the <c>.done</c> texts and the terminal
/// response's <c>output</c> agree with the deltas unless a step overrides them.
/// </summary>
internal sealed class ResponsesStream(StreamContext context) : IDialectStream
{
    private sealed class Item(string id, string type)
    {
        public string Id { get; } = id;
        public string Type { get; } = type;
        public string? Name { get; init; }
        public string? CallId { get; init; }
        public bool Done { get; set; }
        public SortedDictionary<int, (string Type, StringBuilder Text)> Parts { get; } = [];
        public StringBuilder Arguments { get; } = new();
        public SortedDictionary<int, StringBuilder> Summary { get; } = [];
    }

    private readonly List<Item> _items = [];
    private int _sequence;

    private string ResponseId => "resp_" + context.Hash;

    public bool Write(StreamStep step)
    {
        if (step is not ResponsesStep s) return false;
        var payload = new JsonObject { ["type"] = s.Type };
        var sequence = s.SequenceNumber ?? _sequence;
        _sequence = sequence + 1;
        payload["sequence_number"] = sequence;
        Fill(s, payload);
        var eventName = s.EventName ?? s.Type;
        if (eventName.Length > 0) context.Line("event: " + eventName);
        context.DataJson(payload);
        return true;
    }

    /// <summary>Generated text is a message's output_text delta (an item and its part are opened first if none is).</summary>
    public void WriteText(string text, int index)
    {
        if (_items.Count == 0 || _items[^1].Type != "message")
        {
            Write(new ResponsesStep { Type = "response.output_item.added", ItemType = "message" });
            Write(new ResponsesStep { Type = "response.content_part.added" });
        }
        Write(new ResponsesStep { Type = "response.output_text.delta", Delta = text });
    }

    private void Fill(ResponsesStep s, JsonObject p)
    {
        switch (s.Type)
        {
            case "response.created":
            case "response.in_progress":
                p["response"] = Response("in_progress", output: false);
                break;
            case "response.output_item.added":
            {
                var n = _items.Count;
                var kind = s.ItemType ?? "message";
                var prefix = kind switch { "function_call" => "fc_", "reasoning" => "rs_", _ => "msg_" };
                var item = new Item(s.Id ?? $"{prefix}{context.Hash}_{n}", kind) { Name = s.Name, CallId = s.CallId ?? (kind == "function_call" ? $"call_{context.Hash}_{n}" : null) };
                _items.Add(item);
                p["output_index"] = s.OutputIndex ?? n;
                p["item"] = ItemJson(item, "in_progress", empty: true);
                break;
            }
            case "response.content_part.added":
            {
                var item = Target(s, p);
                var partType = s.PartType ?? "output_text";
                item?.Parts.TryAdd(s.ContentIndex, (partType, new StringBuilder()));
                p["content_index"] = s.ContentIndex;
                p["part"] = Part(partType, "");
                break;
            }
            case "response.output_text.delta":
            case "response.refusal.delta":
            {
                var item = Target(s, p);
                p["content_index"] = s.ContentIndex;
                p["delta"] = s.Delta;
                if (item is not null)
                {
                    if (!item.Parts.TryGetValue(s.ContentIndex, out var part))
                        item.Parts[s.ContentIndex] = part = (s.Type == "response.refusal.delta" ? "refusal" : "output_text", new StringBuilder());
                    part.Text.Append(s.Delta);
                }
                if (s.Type == "response.output_text.delta") p["logprobs"] = new JsonArray();
                break;
            }
            case "response.output_text.done":
            case "response.refusal.done":
            {
                var item = Target(s, p);
                p["content_index"] = s.ContentIndex;
                var text = s.Text ?? (item is not null && item.Parts.TryGetValue(s.ContentIndex, out var part) ? part.Text.ToString() : "");
                if (s.Type == "response.refusal.done") p["refusal"] = text;
                else { p["text"] = text; p["logprobs"] = new JsonArray(); }
                break;
            }
            case "response.content_part.done":
            {
                var item = Target(s, p);
                p["content_index"] = s.ContentIndex;
                var part = item is not null && item.Parts.TryGetValue(s.ContentIndex, out var pt) ? pt : ("output_text", new StringBuilder());
                p["part"] = Part(part.Item1, part.Item2.ToString());
                break;
            }
            case "response.function_call_arguments.delta":
            {
                var item = Target(s, p);
                p["delta"] = s.Delta;
                item?.Arguments.Append(s.Delta);
                break;
            }
            case "response.function_call_arguments.done":
            {
                var item = Target(s, p);
                p["arguments"] = s.Text ?? item?.Arguments.ToString() ?? "";
                break;
            }
            case "response.reasoning_summary_part.added":
            {
                var item = Target(s, p);
                item?.Summary.TryAdd(s.SummaryIndex, new StringBuilder());
                p["summary_index"] = s.SummaryIndex;
                p["part"] = new JsonObject { ["type"] = "summary_text", ["text"] = "" };
                break;
            }
            case "response.reasoning_summary_text.delta":
            {
                var item = Target(s, p);
                p["summary_index"] = s.SummaryIndex;
                p["delta"] = s.Delta;
                if (item is not null)
                {
                    if (!item.Summary.TryGetValue(s.SummaryIndex, out var sb)) item.Summary[s.SummaryIndex] = sb = new StringBuilder();
                    sb.Append(s.Delta);
                }
                break;
            }
            case "response.reasoning_summary_text.done":
            {
                var item = Target(s, p);
                p["summary_index"] = s.SummaryIndex;
                p["text"] = s.Text ?? (item is not null && item.Summary.TryGetValue(s.SummaryIndex, out var sb) ? sb.ToString() : "");
                break;
            }
            case "response.output_item.done":
            {
                var index = s.OutputIndex ?? _items.Count - 1;
                p["output_index"] = index;
                if (index >= 0 && index < _items.Count)
                {
                    _items[index].Done = true;
                    p["item"] = ItemJson(_items[index], "completed", empty: false);
                }
                break;
            }
            case "response.completed":
                p["response"] = Response("completed", output: true, usage: s.Usage ?? DefaultUsage());
                break;
            case "response.incomplete":
                p["response"] = Response("incomplete", output: true, usage: s.Usage ?? DefaultUsage(),
                    incomplete: new JsonObject { ["reason"] = s.Reason ?? "max_output_tokens" });
                break;
            case "response.failed":
                p["response"] = Response("failed", output: true,
                    error: new JsonObject { ["code"] = s.Code ?? "server_error", ["message"] = s.Message });
                break;
            case "error":
                if (s.Shape == "nested")
                    p["error"] = new JsonObject { ["type"] = s.ErrorType ?? "server_error", ["code"] = s.Code, ["message"] = s.Message, ["param"] = null };
                else
                {
                    p["code"] = s.Code;
                    p["message"] = s.Message;
                    p["param"] = null;
                }
                break;
        }
    }

    /// <summary>Writes <c>item_id</c> and <c>output_index</c> of an item event and returns the item it adds to (null when there is none).</summary>
    private Item? Target(ResponsesStep s, JsonObject p)
    {
        var index = s.OutputIndex ?? _items.Count - 1;
        var item = index >= 0 && index < _items.Count ? _items[index] : null;
        p["item_id"] = s.ItemId ?? item?.Id ?? $"msg_{context.Hash}_0";
        p["output_index"] = Math.Max(index, 0);
        return item;
    }

    private static JsonObject Part(string type, string text) => type == "refusal"
        ? new JsonObject { ["type"] = "refusal", ["refusal"] = text }
        : new JsonObject { ["type"] = "output_text", ["text"] = text, ["annotations"] = new JsonArray() };

    private static JsonObject ItemJson(Item item, string status, bool empty) => item.Type switch
    {
        "function_call" => new JsonObject
        {
            ["id"] = item.Id, ["type"] = "function_call", ["status"] = status, ["call_id"] = item.CallId, ["name"] = item.Name,
            ["arguments"] = empty ? "" : item.Arguments.ToString(),
        },
        "reasoning" => new JsonObject
        {
            ["id"] = item.Id, ["type"] = "reasoning",
            ["summary"] = empty ? new JsonArray() : new JsonArray([.. item.Summary.Values.Select(t => (JsonNode)new JsonObject { ["type"] = "summary_text", ["text"] = t.ToString() })]),
        },
        _ => new JsonObject
        {
            ["id"] = item.Id, ["type"] = "message", ["status"] = status, ["role"] = "assistant",
            ["content"] = empty ? new JsonArray() : new JsonArray([.. item.Parts.Values.Select(pt => (JsonNode)Part(pt.Type, pt.Text.ToString()))]),
        },
    };

    private JsonObject Response(string status, bool output, JsonObject? usage = null, JsonObject? error = null, JsonObject? incomplete = null) => new()
    {
        ["id"] = ResponseId,
        ["object"] = "response",
        ["created_at"] = StreamContext.Created,
        ["status"] = status,
        ["error"] = error,
        ["incomplete_details"] = incomplete,
        ["model"] = context.Model,
        ["output"] = output ? new JsonArray([.. _items.Select(i => (JsonNode)ItemJson(i, i.Done ? "completed" : status == "completed" ? "completed" : "incomplete", empty: false))]) : new JsonArray(),
        ["usage"] = usage,
    };

    private static JsonObject DefaultUsage() => new()
    {
        ["input_tokens"] = 12, ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
        ["output_tokens"] = 15, ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 }, ["total_tokens"] = 27,
    };
}
