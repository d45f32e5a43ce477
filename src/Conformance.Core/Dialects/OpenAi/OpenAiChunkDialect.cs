using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Core.Scenarios.Steps;
using Conformance.Core.Scoring;
using Conformance.Core.Sse;
using Conformance.Core.Wire;

namespace Conformance.Core.Dialects.OpenAi;

/// <summary>
/// What OpenAI's two chunk APIs share: <c>data: [DONE]</c> ends the stream (seed 003: check it before parsing),
/// an object with <c>error</c> and no <c>choices</c> is an embedded error (seed 004), chunks carry <c>choices[]</c>.
/// </summary>
public abstract class OpenAiChunkDialect : IDialect
{
    private readonly bool _completions;

    private protected OpenAiChunkDialect(bool completions)
    {
        _completions = completions;
        StepKinds = [OpenAiStepKinds.Chunk(completions), OpenAiStepKinds.Done, OpenAiStepKinds.Error];
    }

    public abstract string Name { get; }
    public string Provider => "openai";
    public abstract IReadOnlyList<DialectEndpoint> Endpoints { get; }
    public abstract JsonObject RequestBody(string model, string prompt);
    public IReadOnlyList<IStepKind> StepKinds { get; }
    public bool GenerateTakesIndex => false;
    public string TerminatorWhy => "the stream ends with data: [DONE]";
    public bool NumbersToolCallsByPosition => false;

    public IDialectStream NewStream(StreamContext context) => new OpenAiChunkStream(context, _completions);

    public EventRole Classify(SseEvent e)
    {
        if (e.Data == "[DONE]") return EventRole.Terminator;
        return IsEmbeddedError(e.Data) ? EventRole.Error : EventRole.Content;
    }

    public string? ErrorTypeOf(string data) => ExpectedOutcome.ErrorTypeOf(data);

    public ExpectedOutcome? OutcomeWithoutTerminator(EndKind ending) => null;

    private static bool IsEmbeddedError(string data)
    {
        if (!data.TrimStart().StartsWith('{')) return false;
        try
        {
            using var doc = JsonDocument.Parse(data);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                   && doc.RootElement.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.Object
                   && !doc.RootElement.TryGetProperty("choices", out _);
        }
        catch (JsonException) { return false; }
    }

    public void Assemble(JsonElement chunk, Assembly message)
    {
        if (chunk.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object) message.Usage = usage.GetRawText();
        if (!chunk.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array) return;
        foreach (var choice in choices.EnumerateArray())
        {
            if (choice.ValueKind != JsonValueKind.Object) continue;
            if (choice.TryGetProperty("index", out var ix) && ix.ValueKind == JsonValueKind.Number && ix.GetInt32() != 0) continue;
            if (Assembly.Str(choice, "finish_reason") is { } finish) message.FinishReason = finish;
            if (Assembly.Str(choice, "text") is { } text) message.AppendText(text); // completions
            if (!choice.TryGetProperty("delta", out var delta) || delta.ValueKind != JsonValueKind.Object) continue;
            if (Assembly.Str(delta, "content") is { } content) message.AppendText(content);
            if ((Assembly.Str(delta, "reasoning_content") ?? Assembly.Str(delta, "reasoning")) is { } reasoning) message.AppendReasoning(reasoning);
            if (!delta.TryGetProperty("tool_calls", out var calls) || calls.ValueKind != JsonValueKind.Array) continue;
            foreach (var call in calls.EnumerateArray())
            {
                if (call.ValueKind != JsonValueKind.Object) continue;
                var index = call.TryGetProperty("index", out var ci) && ci.ValueKind == JsonValueKind.Number ? ci.GetInt32() : 0;
                var fn = call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
                message.Tool(index, Assembly.Str(call, "id"), fn.ValueKind == JsonValueKind.Object ? Assembly.Str(fn, "name") : null);
                if (fn.ValueKind == JsonValueKind.Object && Assembly.Str(fn, "arguments") is { } args) message.AppendToolArguments(index, args);
            }
        }
    }

    /// <summary>Shorthand chunk steps get the id <c>chatcmpl-&lt;hash&gt;</c> / <c>cmpl-&lt;hash&gt;</c>: pin it in the step's <c>chunk</c> override.</summary>
    public void PinIds(JsonObject step, string hash)
    {
        string[] shorthands = ["role", "content", "reasoning", "toolCall", "finish", "usage"];
        if (!shorthands.Any(step.ContainsKey)) return;
        var id = (_completions ? "cmpl-" : "chatcmpl-") + hash;
        if (step["chunk"] is JsonObject chunk) { if (!chunk.ContainsKey("id")) chunk["id"] = id; }
        else step["chunk"] = new JsonObject { ["id"] = id };
    }
}
