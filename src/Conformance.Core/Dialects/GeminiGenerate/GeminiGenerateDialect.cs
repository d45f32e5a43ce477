using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Core.Scoring;
using Conformance.Core.Sse;
using Conformance.Core.Wire;

namespace Conformance.Core.Dialects.GeminiGenerate;

/// <summary>
/// <c>gemini-generate</c>: <c>POST /v1beta/models/{model}:streamGenerateContent?alt=sse</c>. Each event's data is one
/// <c>GenerateContentResponse</c>; there are no event names and no terminator: the stream ends at the end of the body.
/// A candidate's <c>finishReason</c> says it is finished (API reference, Candidate.finishReason: "If empty, the model
/// has not stopped generating tokens"), so the chunk that carries one is <see cref="EventRole.Final"/>, and a clean end
/// without one keeps the generic <c>eof</c> (an incomplete answer, not a clean stop). A bare <c>{"error":…}</c> chunk
/// (no <c>candidates</c>) is raised. Without <c>alt=sse</c> the same endpoint answers one JSON array of the same chunks
/// (<see cref="PlanFor"/>).
/// </summary>
public sealed class GeminiGenerateDialect : IDialect
{
    public string Name => "gemini-generate";
    public string Provider => "google";
    public IReadOnlyList<DialectEndpoint> Endpoints { get; } = [new("POST", "v1beta/models/{model}:streamGenerateContent")];

    /// <summary>A GenerateContentRequest: the model is in the path, and streaming is the method, not a body field.</summary>
    public JsonObject RequestBody(string model, string prompt) => new()
    {
        ["contents"] = new JsonArray(new JsonObject
        {
            ["role"] = "user",
            ["parts"] = new JsonArray(new JsonObject { ["text"] = prompt }),
        }),
    };

    public IReadOnlyList<IStepKind> StepKinds { get; } = [new GeminiStepKind()];
    public bool GenerateTakesIndex => false;
    public string TerminatorWhy => "a chunk carries a finishReason (the candidate is finished) and the body ends";
    public bool NumbersToolCallsByPosition => true;

    public IDialectStream NewStream(StreamContext context) => new GeminiStream(context);

    public EventRole Classify(SseEvent e)
    {
        try
        {
            using var doc = JsonDocument.Parse(e.Data);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return EventRole.Content;
            if (root.TryGetProperty("error", out _) && !root.TryGetProperty("candidates", out _)) return EventRole.Error;
            if (root.TryGetProperty("candidates", out var cs) && cs.ValueKind == JsonValueKind.Array)
                foreach (var c in cs.EnumerateArray())
                    if (Assembly.Str(c, "finishReason") is { Length: > 0 } and not "FINISH_REASON_UNSPECIFIED") return EventRole.Final;
            return EventRole.Content;
        }
        catch (JsonException) { return EventRole.Content; } // the profile decides what non-JSON data is
    }

    /// <summary>Google's errors name themselves by <c>error.status</c> (<c>RESOURCE_EXHAUSTED</c>), not <c>error.type</c>.</summary>
    public string? ErrorTypeOf(string data)
    {
        try
        {
            using var doc = JsonDocument.Parse(data);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var err)
                ? Assembly.Str(err, "status") ?? Assembly.Str(err, "type")
                : null;
        }
        catch (JsonException) { return null; }
    }

    public ExpectedOutcome? OutcomeWithoutTerminator(EndKind ending) => null;

    public void Assemble(JsonElement chunk, Assembly message)
    {
        if (chunk.TryGetProperty("usageMetadata", out var usage) && usage.ValueKind == JsonValueKind.Object) message.Usage = usage.GetRawText();
        if (!chunk.TryGetProperty("candidates", out var cs) || cs.ValueKind != JsonValueKind.Array || cs.GetArrayLength() == 0) return;
        var c = cs[0]; // one candidate is requested (candidateCount defaults to 1)
        if (Assembly.Str(c, "finishReason") is { } finish) message.FinishReason = finish;
        if (!c.TryGetProperty("content", out var content) || !content.TryGetProperty("parts", out var parts) || parts.ValueKind != JsonValueKind.Array) return;
        foreach (var p in parts.EnumerateArray())
        {
            if (p.TryGetProperty("functionCall", out var fc) && fc.ValueKind == JsonValueKind.Object)
            {
                // A functionCall part arrives whole (never as argument fragments): each one is a new call.
                var key = message.ToolCalls.Count;
                message.Tool(key, Assembly.Str(fc, "id"), Assembly.Str(fc, "name"), replace: true);
                message.AppendToolArguments(key, fc.TryGetProperty("args", out var args) ? args.GetRawText() : "{}");
                continue;
            }
            var text = Assembly.Str(p, "text");
            if (text is null) continue;
            if (p.TryGetProperty("thought", out var t) && t.ValueKind == JsonValueKind.True) message.AppendReasoning(text);
            else message.AppendText(text);
        }
    }

    public void PinIds(JsonObject step, string hash) { } // nothing derived from the scenario id

    /// <summary>
    /// Without <c>alt=sse</c> the endpoint answers the same chunks as one JSON array (<c>application/json</c>), the way
    /// the API does for a plain <c>streamGenerateContent</c> call: one write per chunk (the delays of the writes that
    /// completed them), <c>[</c> before the first, <c>,\r\n</c> between, <c>]</c> after the last unless the body is cut.
    /// </summary>
    public ResponsePlan PlanFor(ResponsePlan plan, string query)
    {
        if (HasAltSse(query) || plan.Status != 200) return plan;
        if (plan.Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value is not { } type
            || !type.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase)) return plan;
        var body = plan.Body();
        var events = SseReferenceParser.Parse(body, SseParseOptions.Whatwg).Events;
        var ends = new List<(int End, int Delay)>();
        var at = 0;
        foreach (var w in plan.Writes) { at += w.Bytes.Length; ends.Add((at, w.DelayMs)); }
        var writes = new List<PlannedWrite>();
        for (var i = 0; i < events.Count; i++)
        {
            var delay = ends.FirstOrDefault(x => x.End >= events[i].CompleteAtOffset).Delay;
            writes.Add(new PlannedWrite(Encoding.UTF8.GetBytes((i == 0 ? "[" : ",\r\n") + events[i].Data), delay));
        }
        if (plan.Ending.Kind is EndKind.Clean or EndKind.HoldOpen) writes.Add(new PlannedWrite(Encoding.UTF8.GetBytes(events.Count == 0 ? "[]" : "]")));
        var headers = plan.Headers.Select(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) ? new KeyValuePair<string, string>(h.Key, "application/json; charset=UTF-8") : h).ToList();
        return plan with { Headers = headers, Writes = writes };
    }

    private static bool HasAltSse(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Any(p => Uri.UnescapeDataString(p.Replace('+', ' ')) is var kv && kv.Equals("alt=sse", StringComparison.OrdinalIgnoreCase));
}
