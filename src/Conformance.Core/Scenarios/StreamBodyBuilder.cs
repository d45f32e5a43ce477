using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Conformance.Core.Scenarios.Steps;
using Conformance.Core.Text;

namespace Conformance.Core.Scenarios;

/// <summary>
/// Turns provider-level steps into the SSE body bytes and remembers where each step starts
/// (the natural write boundaries) and which starts carry their own delay.
/// </summary>
internal sealed class StreamBodyBuilder
{
    /// <summary>Deterministic <c>created</c> (2025-01-01T00:00:00Z): identical bytes on every run.</summary>
    internal const long Created = 1735689600;

    private static readonly byte[] Lf = "\n"u8.ToArray();
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();
    private static readonly byte[] Cr = "\r"u8.ToArray();

    private readonly ArrayBufferWriter<byte> _body = new(4096);
    private readonly Scenario _scenario;
    private readonly StreamSpec _spec;
    private readonly string _model;
    private readonly string _hash;
    private int _lines;
    private int _bomLength;

    public StreamBodyBuilder(Scenario scenario, StreamSpec spec)
    {
        _scenario = scenario;
        _spec = spec;
        _model = spec.Model ?? scenario.Id;
        _hash = StableHash(scenario.Id);
    }

    /// <summary>Body offset of each step start → its own delay (null: the transport's).</summary>
    public Dictionary<int, int?> StepStarts { get; } = [];

    public byte[] Build()
    {
        if (_spec.Transport.Bom) { _body.Write("\uFEFF"u8); _bomLength = 3; }
        foreach (var step in _spec.Events) Step(step);
        return _body.WrittenSpan.ToArray();
    }

    private void MarkStart(int? delay)
    {
        // The BOM rides in the first write: the first step "starts" at offset 0.
        var offset = _body.WrittenCount == _bomLength ? 0 : _body.WrittenCount;
        StepStarts[offset] = StepStarts.TryGetValue(offset, out var existing) ? existing ?? delay : delay;
    }

    private void Step(StreamStep step)
    {
        MarkStart(step.DelayMs);
        switch (step)
        {
            case RepeatStep repeat:
                for (var i = 0; i < repeat.Count; i++) Step(repeat.Step);
                break;
            case GenerateStep generate:
                var text = TextGenerator.Generate(generate.Seed, generate.Locale, generate.Words, generate.Emoji, generate.Cjk);
                var first = true;
                foreach (var piece in TextGenerator.Split(text, generate.Pieces))
                {
                    if (!first) MarkStart(null);
                    first = false;
                    if (_scenario.Api == ApiKind.AnthropicMessages) Anthropic(new AnthropicStep { Kind = AnthropicEventKind.Text, Index = generate.Index, Text = piece });
                    else DataJson(Chunk(new ChunkStep { Content = piece }));
                }
                break;
            case ChunkStep chunk: DataJson(Chunk(chunk)); break;
            case DoneStep: Line("data: [DONE]"); Line(""); break;
            case ErrorStep error: DataJson(new JsonObject { ["error"] = error.Error.DeepClone() }); break;
            case AnthropicStep anthropic: Anthropic(anthropic); break;
            case CommentStep comment:
                foreach (var line in comment.Text.Split('\n')) Line(line.Length == 0 ? ":" : ": " + line);
                Line("");
                break;
            case SseStep sse: Sse(sse); break;
            case RawStep raw: Utf8(raw.Text); break;
            case BytesStep bytes: _body.Write(bytes.Bytes); break;
            default: throw new InvalidOperationException($"unhandled step {step.GetType().Name}");
        }
    }

    private void Sse(SseStep sse)
    {
        if (sse.Event is not null) Line("event: " + sse.Event);
        if (sse.Id is not null) Line("id: " + sse.Id);
        if (sse.Retry is not null) Line("retry: " + sse.Retry.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (sse.Data is not null)
            foreach (var line in sse.Data.Split('\n')) Line("data: " + line);
        Line("");
    }

    private void Anthropic(AnthropicStep a)
    {
        var (type, payload) = AnthropicPayload(a);
        Line("event: " + type);
        DataJson(payload);
    }

    private (string Type, JsonObject Payload) AnthropicPayload(AnthropicStep a)
    {
        JsonObject Delta(string type, string field) => new()
        {
            ["type"] = "content_block_delta", ["index"] = a.Index,
            ["delta"] = new JsonObject { ["type"] = type, [field] = a.Text },
        };
        return a.Kind switch
        {
            AnthropicEventKind.MessageStart => ("message_start", new JsonObject
            {
                ["type"] = "message_start",
                ["message"] = new JsonObject
                {
                    ["id"] = a.Id ?? "msg_" + _hash, ["type"] = "message", ["role"] = "assistant", ["model"] = _model,
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
            AnthropicEventKind.Text => ("content_block_delta", Delta("text_delta", "text")),
            AnthropicEventKind.Thinking => ("content_block_delta", Delta("thinking_delta", "thinking")),
            AnthropicEventKind.InputJson => ("content_block_delta", Delta("input_json_delta", "partial_json")),
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

    private JsonObject Chunk(ChunkStep c)
    {
        var shorthand = c.Role ?? c.Content ?? c.Reasoning ?? c.Finish ?? (object?)c.Usage;
        if (shorthand is null && c.ToolCalls.Count == 0 && c.Chunk is not null) return (JsonObject)c.Chunk.DeepClone();
        var completions = _scenario.Api == ApiKind.OpenAiCompletions;
        var chunk = new JsonObject
        {
            ["id"] = (completions ? "cmpl-" : "chatcmpl-") + _hash,
            ["object"] = completions ? "text_completion" : "chat.completion.chunk",
            ["created"] = Created,
            ["model"] = _model,
        };
        if (c.Usage is not null)
        {
            chunk["choices"] = new JsonArray();
            chunk["usage"] = c.Usage.DeepClone();
        }
        else if (completions)
        {
            chunk["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["text"] = c.Content ?? "", ["finish_reason"] = c.Finish });
        }
        else
        {
            var delta = new JsonObject();
            if (c.Role is not null) delta["role"] = c.Role;
            if (c.Content is not null) delta["content"] = c.Content;
            if (c.Reasoning is not null) delta["reasoning_content"] = c.Reasoning;
            if (c.ToolCalls.Count > 0)
            {
                var calls = new JsonArray();
                foreach (var t in c.ToolCalls)
                {
                    // Only the first fragment names the call; later ones carry index + arguments.
                    var call = new JsonObject { ["index"] = t.Index };
                    if (t.Id is not null) { call["id"] = t.Id; call["type"] = "function"; }
                    var function = new JsonObject();
                    if (t.Name is not null) function["name"] = t.Name;
                    if (t.Arguments is not null) function["arguments"] = t.Arguments;
                    call["function"] = function;
                    calls.Add(call);
                }
                delta["tool_calls"] = calls;
            }
            chunk["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = c.Finish });
        }
        if (c.Chunk is not null)
            foreach (var (key, value) in c.Chunk)
                if (value is null) chunk.Remove(key);
                else chunk[key] = value.DeepClone();
        return chunk;
    }

    private void DataJson(JsonNode payload)
    {
        Line("data: " + WireJson.Serialize(payload));
        Line("");
    }

    private void Line(string text)
    {
        Utf8(text);
        var ending = _spec.Transport.LineEnding switch
        {
            LineEnding.CrLf => CrLf,
            LineEnding.Cr => Cr,
            // lf, cr, crlf: never a CR followed by an LF, which WHATWG reads as one CRLF and so would swallow a line.
            LineEnding.Mixed => (_lines % 3) switch { 0 => Lf, 1 => Cr, _ => CrLf },
            _ => Lf,
        };
        _lines++;
        _body.Write(ending);
    }

    private void Utf8(string text)
    {
        var span = _body.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _body.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    /// <summary>FNV-1a of the scenario id: stable across runs and machines, unlike string.GetHashCode.</summary>
    internal static string StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text)) { hash ^= b; hash *= 1099511628211UL; }
        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
