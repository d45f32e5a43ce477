using Conformance.Core.Dialects;
using System.Text;
using System.Text.Json;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Lint.Checks;
using Conformance.Lint.Sse;
using static Conformance.Lint.Checks.LintVerdicts;
using R = Conformance.Lint.Rules.ServerRules;

namespace Conformance.Lint.Dialects;

/// <summary>
/// What the two OpenAI streaming APIs share: <c>data:</c>-only JSON chunks with a stable id/created/model, a
/// finish_reason per choice, an optional usage chunk, <c>data: [DONE]</c> last, errors as <c>{"error":{…}}</c>.
/// </summary>
public abstract class OpenAiLint : ILintDialect
{
    public abstract IDialect Api { get; }

    /// <summary>The chunks' <c>object</c> value.</summary>
    protected abstract string ObjectName { get; }

    public abstract string DefaultBody(string model);

    public IReadOnlyList<KeyValuePair<string, string>> Headers(string? key) => key is null ? [] : [new("Authorization", "Bearer " + key)];

    public virtual IReadOnlyList<string> StreamRules =>
    [
        R.OpenAiDataJson, R.OpenAiChunkObject, R.OpenAiChunkStable, R.OpenAiFinishReason, R.OpenAiUsageChunk,
        R.OpenAiDone, R.OpenAiNothingAfterDone, R.OpenAiNoEmbeddedError, R.OpenAiErrorShape,
    ];

    public string ErrorShapeRule => R.OpenAiErrorShape;

    public SseEvent? Terminator(SseScan scan) => scan.DataEvents.FirstOrDefault(e => e.Data == "[DONE]");

    public string ErrorEvent(string eol) =>
        "data: {\"error\":{\"message\":\"injected by conformance record --mutate inject-error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}" + eol + eol;

    public IReadOnlyList<string> RecordingRules => ["llm.content.exact", "llm.done.sentinel"];

    public IReadOnlyList<string> DropTerminatorRules => ["llm.content.exact", "llm.done.missing"];

    public IReadOnlyList<string> InjectErrorRules => ["llm.content.exact", "llm.error.embedded"];

    /// <summary>A chunk as parsed: its event, and the JSON object (null when the data is not one).</summary>
    protected sealed record Chunk(SseEvent Event, JsonElement? Json);

    public IReadOnlyList<RuleVerdict> CheckStream(StreamFacts f)
    {
        var done = Terminator(f.Scan);
        var before = f.Scan.DataEvents.TakeWhile(e => e != done).Select(e => new Chunk(e, LintJson.Object(e.Data!))).ToList();
        var errors = before.Where(c => IsError(c.Json)).ToList();
        var chunks = before.Where(c => c.Json is not null && !IsError(c.Json)).ToList();
        var verdicts = new List<RuleVerdict>
        {
            DataJson(f, before),
            NoEmbeddedError(f, errors),
            errors.Count == 0 ? Skip(R.OpenAiErrorShape, "the stream carries no error") : ErrorShape(f, errors[0].Event.Data!, $"error event #{errors[0].Event.Index + 1} at {errors[0].Event.Range}"),
            ChunkObject(f, chunks),
            ChunkStable(f, chunks),
        };
        verdicts.AddRange(Extra(f, chunks));
        verdicts.Add(FinishReason(f, chunks));
        verdicts.Add(UsageChunk(f, chunks));
        verdicts.Add(Done(f, done));
        verdicts.Add(NothingAfterDone(f, done));
        return verdicts;
    }

    /// <summary>The API's own extra rules on the chunks (chat: the role-only first delta).</summary>
    protected virtual IEnumerable<RuleVerdict> Extra(StreamFacts f, IReadOnlyList<Chunk> chunks) => [];

    public RuleVerdict CheckErrorBody(StreamFacts f) => ErrorShape(f, Encoding.UTF8.GetString(f.Body), $"the {f.Capture.Status} response body");

    private static bool IsError(JsonElement? j) => j is { } o && o.TryGetProperty("error", out _) && !o.TryGetProperty("choices", out _);

    private static RuleVerdict DataJson(StreamFacts f, List<Chunk> chunks)
    {
        var bad = chunks.FirstOrDefault(c => c.Json is null);
        return bad is null
            ? Pass(R.OpenAiDataJson, $"all {chunks.Count} data payloads before the terminator are JSON objects")
            : Miss(R.OpenAiDataJson, $"data of event #{bad.Event.Index + 1} at {bad.Event.Range} is not a JSON object: \"{Show(bad.Event.Data!)}\"{f.OffsetNote}", "a JSON object", Show(bad.Event.Data!), bad.Event.Range);
    }

    private static RuleVerdict NoEmbeddedError(StreamFacts f, List<Chunk> errors)
    {
        if (errors.Count == 0) return Pass(R.OpenAiNoEmbeddedError, "no {\"error\":…} object in the stream");
        var e = errors[0];
        return Miss(R.OpenAiNoEmbeddedError, $"the 200 stream carries an error at {e.Event.Range} (event #{e.Event.Index + 1}): {Show(e.Event.Data!)}{f.OffsetNote}", "chunks only", Show(e.Event.Data!), e.Event.Range);
    }

    private static RuleVerdict ErrorShape(StreamFacts f, string text, string where)
    {
        var j = LintJson.Object(text);
        var ok = j is { } o && o.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.Object
                 && err.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                 && err.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String;
        return ok
            ? Pass(R.OpenAiErrorShape, $"{where} is {{\"error\":{{\"message\",\"type\",…}}}}")
            : Miss(R.OpenAiErrorShape, $"{where} is not {{\"error\":{{\"message\":string,\"type\":string}}}}: {Show(text)}{f.OffsetNote}", "{\"error\":{\"message\":…,\"type\":…}}", Show(text), where);
    }

    private RuleVerdict ChunkObject(StreamFacts f, List<Chunk> chunks)
    {
        if (chunks.Count == 0) return Miss(R.OpenAiChunkObject, "the stream carries no chunk", ObjectName, "none");
        foreach (var c in chunks)
        {
            var o = c.Json!.Value;
            var obj = o.TryGetProperty("object", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var choices = o.TryGetProperty("choices", out var ch) && ch.ValueKind == JsonValueKind.Array;
            if (obj != ObjectName || !choices)
                return Miss(R.OpenAiChunkObject, $"chunk at {c.Event.Range} has {(obj is null ? "no object" : $"object \"{obj}\"")}{(choices ? "" : " and no choices array")}, expected object \"{ObjectName}\" with choices{f.OffsetNote}",
                    ObjectName, obj ?? "none", c.Event.Range);
        }
        return Pass(R.OpenAiChunkObject, $"all {chunks.Count} chunks are \"{ObjectName}\" with a choices array");
    }

    private static RuleVerdict ChunkStable(StreamFacts f, List<Chunk> chunks)
    {
        if (chunks.Count == 0) return Skip(R.OpenAiChunkStable, "the stream carries no chunk");
        string? Field(Chunk c, string name) => c.Json!.Value.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.String or JsonValueKind.Number ? v.GetRawText() : null;
        foreach (var name in new[] { "id", "created", "model" })
        {
            var missing = chunks.FirstOrDefault(c => Field(c, name) is null);
            if (missing is not null)
                return Miss(R.OpenAiChunkStable, $"chunk at {missing.Event.Range} has no {name}{f.OffsetNote}", $"{name} on every chunk", "absent", missing.Event.Range);
            var first = Field(chunks[0], name);
            var other = chunks.FirstOrDefault(c => Field(c, name) != first);
            if (other is not null)
                return Miss(R.OpenAiChunkStable, $"{name} changes within one stream: {first} on the first chunk, {Field(other, name)} at {other.Event.Range}{f.OffsetNote}", first, Field(other, name), other.Event.Range);
        }
        return Pass(R.OpenAiChunkStable, $"id {Field(chunks[0], "id")}, created {Field(chunks[0], "created")} and model {Field(chunks[0], "model")} on all {chunks.Count} chunks");
    }

    private static RuleVerdict FinishReason(StreamFacts f, List<Chunk> chunks)
    {
        var seen = new SortedDictionary<int, SseEvent?>();
        foreach (var c in chunks)
        {
            if (!c.Json!.Value.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array) continue;
            foreach (var choice in choices.EnumerateArray())
            {
                var index = choice.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : 0;
                seen.TryAdd(index, null);
                if (choice.TryGetProperty("finish_reason", out var fr) && fr.ValueKind == JsonValueKind.String && seen[index] is null) seen[index] = c.Event;
            }
        }
        if (seen.Count == 0) return Miss(R.OpenAiFinishReason, "no chunk carries a choice", "a finish_reason per choice", "no choices");
        var open = seen.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList();
        return open.Count == 0
            ? Pass(R.OpenAiFinishReason, string.Join("; ", seen.Select(kv => $"choice {kv.Key}: finish_reason at {kv.Value!.Range}")))
            : Miss(R.OpenAiFinishReason, $"choice {string.Join(", ", open)} never gets a finish_reason in {chunks.Count} chunks{(chunks.Count > 0 ? $" (last chunk at {chunks[^1].Event.Range})" : "")}{f.OffsetNote}", "finish_reason set", "never");
    }

    private static RuleVerdict UsageChunk(StreamFacts f, List<Chunk> chunks)
    {
        var asked = f.Request is { } r && r.ValueKind == JsonValueKind.Object && r.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
                    && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        if (!asked) return Skip(R.OpenAiUsageChunk, "the request did not set stream_options.include_usage");
        if (chunks.Count == 0) return Miss(R.OpenAiUsageChunk, "the stream carries no chunk", "a usage chunk", "none");
        var last = chunks[^1];
        var usage = last.Json!.Value.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object;
        var empty = last.Json!.Value.TryGetProperty("choices", out var c) && c.ValueKind == JsonValueKind.Array && c.GetArrayLength() == 0;
        if (usage && empty) return Pass(R.OpenAiUsageChunk, $"the last chunk at {last.Event.Range} carries usage {Show(u.GetRawText())} and choices: []");
        var elsewhere = chunks.FirstOrDefault(x => x.Json!.Value.TryGetProperty("usage", out var uu) && uu.ValueKind == JsonValueKind.Object);
        return Miss(R.OpenAiUsageChunk,
            $"stream_options.include_usage was requested, but the last chunk at {last.Event.Range} has {(usage ? "usage" : "no usage")} and {(empty ? "empty choices" : "non-empty choices")}{(elsewhere is not null && elsewhere != last ? $" (usage appears at {elsewhere.Event.Range})" : "")}{f.OffsetNote}",
            "usage + choices: [] before [DONE]", Show(last.Event.Data!), last.Event.Range);
    }

    private static RuleVerdict Done(StreamFacts f, SseEvent? done)
    {
        if (done is not null) return Pass(R.OpenAiDone, $"data: [DONE] at {done.Range}");
        var tail = f.Scan.Events.Count > 0 ? f.Scan.Events[^1] : null;
        return Miss(R.OpenAiDone, $"the stream ends without data: [DONE] ({f.Capture.Ended} after {f.Body.Length} bytes{(tail is null ? "" : $"; the last event, at {tail.Range}, is \"{Show(tail.Data ?? "(no data)")}\"")}){f.OffsetNote}",
            "data: [DONE]", "absent", tail is null ? null : $"bytes {tail.End}– (end of body)");
    }

    private static RuleVerdict NothingAfterDone(StreamFacts f, SseEvent? done)
    {
        if (done is null) return Skip(R.OpenAiNothingAfterDone, "the stream has no data: [DONE]");
        var after = f.Scan.Events.FirstOrDefault(e => e.Start >= done.End);
        return after is null
            ? Pass(R.OpenAiNothingAfterDone, $"nothing follows data: [DONE] ({f.Body.Length - done.End} byte(s) after it)")
            : Miss(R.OpenAiNothingAfterDone, $"event #{after.Index + 1} at {after.Range} follows data: [DONE]: \"{Show(Encoding.UTF8.GetString(f.Body.AsSpan(after.Start, after.End - after.Start)))}\"{f.OffsetNote}", "end of body", "more events", after.Range);
    }
}
