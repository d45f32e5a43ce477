using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Core.Scoring;
using Conformance.Core.Sse;
using Conformance.Core.Wire;

namespace Conformance.Core.Dialects.OpenAiResponses;

/// <summary>
/// <c>openai-responses</c>: <c>POST /v1/responses</c>, typed semantic events (<c>event:</c> = the body's <c>type</c>).
/// The stream ends at its terminal event: <c>response.completed</c> or <c>response.incomplete</c> (yielded, then the
/// end), <c>response.failed</c> (raised). An <c>error</c> event is raised in either shape seen in the wild (flat
/// <c>{type, code, message}</c>, the API reference's; nested <c>{type, error: {…}}</c>). Providers disagree on
/// <c>data: [DONE]</c> (the Open Responses specification demands it, OpenAI's API sends none): after the terminal event
/// it is dropped, absent it is not missed. A body that ends without a terminal event is an incomplete answer.
/// </summary>
public sealed class OpenAiResponsesDialect : IDialect
{
    public string Name => "openai-responses";
    public string Provider => "openai";
    public IReadOnlyList<DialectEndpoint> Endpoints { get; } = [new("POST", "v1/responses")];

    public JsonObject RequestBody(string model, string prompt) => new() { ["model"] = model, ["input"] = prompt, ["stream"] = true };

    public IReadOnlyList<IStepKind> StepKinds { get; } = [new ResponsesStepKind()];
    public bool GenerateTakesIndex => false;
    public string TerminatorWhy => "the stream ends with its terminal event (response.completed or response.incomplete)";
    public bool NumbersToolCallsByPosition => true;

    public IDialectStream NewStream(StreamContext context) => new ResponsesStream(context);

    public EventRole Classify(SseEvent e)
    {
        if (e.Data == "[DONE]") return EventRole.Terminator;
        if (e.Type == "error") return EventRole.Error;
        if (!e.Data.TrimStart().StartsWith('{')) return EventRole.Content;
        try
        {
            using var doc = JsonDocument.Parse(e.Data);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return EventRole.Content;
            return Assembly.Str(root, "type") switch
            {
                "error" or "response.failed" => EventRole.Error,
                "response.completed" or "response.incomplete" => EventRole.Final,
                // A typeless {"error":{…}} (a gateway's, as on chat streams) is an error too.
                null when root.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.Object => EventRole.Error,
                _ => EventRole.Content,
            };
        }
        catch (JsonException) { return EventRole.Content; }
    }

    /// <summary>The nested error's <c>type</c> (else its <c>code</c>), a flat error's <c>code</c>, or response.failed's <c>response.error.code</c>.</summary>
    public string? ErrorTypeOf(string data)
    {
        try
        {
            using var doc = JsonDocument.Parse(data);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (root.TryGetProperty("error", out var nested) && nested.ValueKind == JsonValueKind.Object)
                return Assembly.Str(nested, "type") ?? Assembly.Str(nested, "code");
            if (root.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object
                && response.TryGetProperty("error", out var failed) && failed.ValueKind == JsonValueKind.Object)
                return Assembly.Str(failed, "code");
            return Assembly.Str(root, "code");
        }
        catch (JsonException) { return null; }
    }

    /// <summary>Every Responses stream ends with a terminal event; a clean end before one is an incomplete answer, never a short success.</summary>
    public ExpectedOutcome? OutcomeWithoutTerminator(EndKind ending) =>
        ExpectedOutcome.Error("the body ends without a terminal event (response.completed, response.incomplete or response.failed): the response is incomplete", null, "other", "network")
            with { MissedHint = "an answer cut before its terminal event was reported as complete" };

    public void Assemble(JsonElement chunk, Assembly message)
    {
        var index = chunk.TryGetProperty("output_index", out var oi) && oi.ValueKind == JsonValueKind.Number ? oi.GetInt32() : 0;
        switch (Assembly.Str(chunk, "type"))
        {
            case "response.output_text.delta": message.AppendText(Assembly.Str(chunk, "delta")); break;
            case "response.reasoning_summary_text.delta":
            case "response.reasoning_text.delta":
                message.AppendReasoning(Assembly.Str(chunk, "delta"));
                break;
            case "response.output_item.added":
                if (chunk.TryGetProperty("item", out var item) && Assembly.Str(item, "type") == "function_call")
                    message.Tool(index, Assembly.Str(item, "call_id"), Assembly.Str(item, "name"), replace: true);
                break;
            case "response.function_call_arguments.delta": message.AppendToolArguments(index, Assembly.Str(chunk, "delta")); break;
            case "response.completed":
            case "response.incomplete":
                if (!chunk.TryGetProperty("response", out var response) || response.ValueKind != JsonValueKind.Object) break;
                if (Assembly.Str(response, "status") is { } status) message.FinishReason = status;
                if (response.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object) message.Usage = usage.GetRawText();
                break;
        }
    }

    /// <summary>
    /// Not pinned: the response id and the default item ids are the hash plus the item's position in the stream, which
    /// one step cannot know. A scenario the explorer saves under another id then differs in those ids, its write-by-write
    /// check fails, and the explorer falls back to the raw form it writes for any body it cannot re-derive.
    /// </summary>
    public void PinIds(JsonObject step, string hash) { }
}
