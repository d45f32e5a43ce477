using System.Text.Json.Nodes;
using Conformance.Core.Scenarios.Steps;

namespace Conformance.Core.Dialects.GeminiGenerate;

/// <summary>Writes <c>GenerateContentResponse</c> chunks as <c>data: &lt;json&gt;</c> + a blank line (no event names, no terminator).</summary>
internal sealed class GeminiStream(StreamContext context) : IDialectStream
{
    public bool Write(StreamStep step)
    {
        if (step is not GeminiStep g) return false;
        context.DataJson(Chunk(g, context.Model));
        return true;
    }

    public void WriteText(string text, int index) => Write(new GeminiStep { Kind = GeminiPartKind.Text, Text = text });

    internal static JsonObject Chunk(GeminiStep g, string model)
    {
        // The trailing error some servers send: a bare {"error": {code, message, status}}, the shape of their JSON error bodies.
        if (g.Kind == GeminiPartKind.Error) return new JsonObject { ["error"] = g.Error?.DeepClone() };
        var candidate = new JsonObject();
        if (Part(g) is { } part)
            candidate["content"] = new JsonObject { ["parts"] = new JsonArray(part), ["role"] = "model" };
        if (g.FinishReason is { } finish) candidate["finishReason"] = finish;
        if (g.SafetyRatings is { } ratings) candidate["safetyRatings"] = ratings.DeepClone();
        candidate["index"] = 0;
        var chunk = new JsonObject { ["candidates"] = new JsonArray(candidate) };
        if (g.Usage is { } usage) chunk["usageMetadata"] = usage.DeepClone();
        chunk["modelVersion"] = model;
        return chunk;
    }

    private static JsonObject? Part(GeminiStep g)
    {
        JsonObject? part = g.Kind switch
        {
            GeminiPartKind.Text => new JsonObject { ["text"] = g.Text },
            GeminiPartKind.Thought => new JsonObject { ["text"] = g.Text, ["thought"] = true },
            GeminiPartKind.FunctionCall => new JsonObject
            {
                ["functionCall"] = g.Id is null
                    ? new JsonObject { ["name"] = g.Name, ["args"] = g.Args?.DeepClone() ?? new JsonObject() }
                    : new JsonObject { ["id"] = g.Id, ["name"] = g.Name, ["args"] = g.Args?.DeepClone() ?? new JsonObject() },
            },
            _ => null,
        };
        if (part is not null && g.ThoughtSignature is { } sig) part["thoughtSignature"] = sig;
        return part;
    }
}
