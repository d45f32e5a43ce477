using System.Text;
using System.Text.Json;
using Conformance.Core.Dialects;
using Conformance.Core.Scoring;
using Conformance.Lint.Checks;
using Conformance.Lint.Sse;
using static Conformance.Lint.Checks.LintVerdicts;
using R = Conformance.Lint.Rules.ServerRules;

namespace Conformance.Lint.Dialects;

/// <summary>
/// gemini-generate: POST models/{model}:streamGenerateContent?alt=sse, <c>data:</c>-only GenerateContentResponse
/// chunks, no terminator (the body ends after the chunk with the finishReason), errors as google.rpc.Status
/// (<c>{"error":{"code","message","status"}}</c>), also as a bare chunk inside a 200 stream.
/// </summary>
public sealed class GeminiGenerateLint : ILintDialect
{
    public IDialect Api => DialectCatalog.GeminiGenerate;

    /// <summary>The model is a path segment; <c>alt=sse</c> asks for SSE (without it the same endpoint answers one JSON array).</summary>
    public string PathFor(string? model) => Api.Endpoints[0].BelowBase.Replace("{model}", Uri.EscapeDataString(model ?? ""), StringComparison.Ordinal) + "?alt=sse";

    public bool ModelInBody => false;

    /// <summary>Streaming is the method (streamGenerateContent), not a body field: any GenerateContentRequest asks for a stream.</summary>
    public string? WhyNotAStreamRequest(JsonElement body) =>
        body.TryGetProperty("contents", out var c) && c.ValueKind == JsonValueKind.Array ? null : "the body must be a GenerateContentRequest with a \"contents\" array";

    public string DefaultBody(string model) => JsonSerializer.Serialize(new
    {
        contents = new[] { new { role = "user", parts = new[] { new { text = "Say hello in five words." } } } },
        generationConfig = new { maxOutputTokens = 32 },
    });

    public IReadOnlyList<KeyValuePair<string, string>> Headers(string? key) => key is null ? [] : [new("x-goog-api-key", key)];

    public IReadOnlyList<string> StreamRules => [R.GeminiDataJson, R.GeminiFinishReason, R.GeminiErrorShape];

    public string ErrorShapeRule => R.GeminiErrorShape;

    /// <summary>None: a Gemini stream ends at the end of its body.</summary>
    public SseEvent? Terminator(SseScan scan) => null;

    public string ErrorEvent(string eol) =>
        "data: {\"error\":{\"code\":503,\"message\":\"injected by conformance record --mutate inject-error\",\"status\":\"UNAVAILABLE\"}}" + eol + eol;

    public IReadOnlyList<string> RecordingRules => ["llm.gemini.chunks", "llm.gemini.finish-reason", "llm.content.exact"];

    public IReadOnlyList<string> DropTerminatorRules => [];

    public IReadOnlyList<string> InjectErrorRules => ["llm.gemini.error-chunk"];

    private sealed record Chunk(SseEvent Event, JsonElement? Json)
    {
        public bool IsError => Json is { } o && o.TryGetProperty("error", out _) && !o.TryGetProperty("candidates", out _);
    }

    public IReadOnlyList<RuleVerdict> CheckStream(StreamFacts f)
    {
        var chunks = f.Scan.DataEvents.Select(e => new Chunk(e, LintJson.Object(e.Data!))).ToList();
        var error = chunks.FirstOrDefault(c => c.IsError);
        return
        [
            DataJson(f, chunks),
            FinishReason(f, chunks, error),
            error is null ? Skip(R.GeminiErrorShape, "the stream carries no error chunk") : ErrorShape(f, error.Event.Data!, $"the error chunk at {error.Event.Range}"),
        ];
    }

    public RuleVerdict CheckErrorBody(StreamFacts f)
    {
        // Without alt=sse, or from some gateways, the error body is a one-element array of the same object.
        var text = Encoding.UTF8.GetString(f.Body).Trim();
        return ErrorShape(f, text.StartsWith('[') && text.EndsWith(']') ? text[1..^1].Trim() : text, $"the {f.Capture.Status} response body");
    }

    private static RuleVerdict DataJson(StreamFacts f, List<Chunk> chunks)
    {
        foreach (var c in chunks)
        {
            if (c.Json is not { } o)
                return Miss(R.GeminiDataJson,
                    $"data of event #{c.Event.Index + 1} at {c.Event.Range} is not a JSON object: \"{Show(c.Event.Data!)}\"{(c.Event.Data == "[DONE]" ? " (Gemini streams have no terminator: a Gemini client parses every data: as JSON)" : "")}{f.OffsetNote}",
                    "a GenerateContentResponse", Show(c.Event.Data!), c.Event.Range);
            var response = (o.TryGetProperty("candidates", out var cand) && cand.ValueKind == JsonValueKind.Array)
                           || o.TryGetProperty("usageMetadata", out _) || o.TryGetProperty("promptFeedback", out _);
            if (!response && !c.IsError)
                return Miss(R.GeminiDataJson, $"chunk at {c.Event.Range} is neither a GenerateContentResponse (candidates, usageMetadata, promptFeedback) nor an error: {Show(c.Event.Data!)}{f.OffsetNote}",
                    "a GenerateContentResponse", Show(c.Event.Data!), c.Event.Range);
        }
        return chunks.Count == 0
            ? Miss(R.GeminiDataJson, "the stream carries no chunk", "GenerateContentResponse chunks", "none")
            : Pass(R.GeminiDataJson, $"all {chunks.Count} data payloads are JSON objects of the API");
    }

    private static RuleVerdict FinishReason(StreamFacts f, List<Chunk> chunks, Chunk? error)
    {
        var seen = new SortedDictionary<int, SseEvent?>();
        foreach (var c in chunks.Where(c => c.Json is not null && !c.IsError))
        {
            if (!c.Json!.Value.TryGetProperty("candidates", out var candidates) || candidates.ValueKind != JsonValueKind.Array) continue;
            var position = 0;
            foreach (var candidate in candidates.EnumerateArray())
            {
                var index = candidate.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : position;
                position++;
                seen.TryAdd(index, null);
                if (candidate.TryGetProperty("finishReason", out var fr) && fr.ValueKind == JsonValueKind.String && seen[index] is null) seen[index] = c.Event;
            }
        }
        if (seen.Count == 0)
            return error is null
                ? Miss(R.GeminiFinishReason, "no chunk carries a candidate", "a finishReason per candidate", "no candidates")
                : Miss(R.GeminiFinishReason, $"no candidate before the error chunk at {error.Event.Range}: {Show(error.Event.Data!)}{f.OffsetNote}", "a finishReason per candidate", "an error", error.Event.Range);
        var open = seen.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList();
        if (open.Count == 0)
            return Pass(R.GeminiFinishReason, string.Join("; ", seen.Select(kv => $"candidate {kv.Key}: finishReason at {kv.Value!.Range}")));
        var why = error is not null
            ? $"the stream ends in the error chunk at {error.Event.Range}: {Show(error.Event.Data!)}"
            : $"the body ends ({f.Capture.Ended} after {f.Body.Length} bytes) after the chunk at {chunks[^1].Event.Range}";
        return Miss(R.GeminiFinishReason, $"candidate {string.Join(", ", open)} never gets a finishReason: {why}{f.OffsetNote}", "finishReason set", "never",
            error?.Event.Range ?? $"bytes {chunks[^1].Event.End}– (end of body)");
    }

    private static RuleVerdict ErrorShape(StreamFacts f, string text, string where)
    {
        var ok = LintJson.Object(text) is { } o && o.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.Object
                 && err.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number
                 && err.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                 && err.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String;
        return ok
            ? Pass(R.GeminiErrorShape, $"{where} is {{\"error\":{{\"code\",\"message\",\"status\"}}}}")
            : Miss(R.GeminiErrorShape, $"{where} is not {{\"error\":{{\"code\":number,\"message\":string,\"status\":string}}}}: {Show(text)}{f.OffsetNote}",
                "{\"error\":{\"code\":…,\"message\":…,\"status\":…}}", Show(text), where);
    }
}
