using System.Text.Json.Nodes;
using Conformance.Core.Scenarios;
using Conformance.Core.Scenarios.Steps;

namespace Conformance.Core.Dialects.GeminiGenerate;

/// <summary><c>{"gemini": "text" | "thought" | "functionCall" | "finish" | "error", …}</c>: one chunk; the step owns its other keys.</summary>
internal sealed class GeminiStepKind : IStepKind
{
    internal static readonly (string, GeminiPartKind)[] Names =
    [
        ("text", GeminiPartKind.Text), ("thought", GeminiPartKind.Thought), ("functionCall", GeminiPartKind.FunctionCall),
        ("finish", GeminiPartKind.Finish), ("error", GeminiPartKind.Error),
    ];

    /// <summary>Which optional properties each kind accepts besides <c>gemini</c> and <c>delayMs</c>.</summary>
    private static readonly Dictionary<GeminiPartKind, string[]> Props = new()
    {
        [GeminiPartKind.Text] = ["text", "thoughtSignature", "finishReason", "usage"],
        [GeminiPartKind.Thought] = ["text", "thoughtSignature", "finishReason", "usage"],
        [GeminiPartKind.FunctionCall] = ["name", "args", "id", "thoughtSignature", "finishReason", "usage"],
        [GeminiPartKind.Finish] = ["finishReason", "safetyRatings", "usage"],
        [GeminiPartKind.Error] = ["error"],
    };

    private static readonly string[] AllProps = ["text", "thoughtSignature", "name", "args", "id", "finishReason", "safetyRatings", "usage", "error"];

    /// <summary>The FinishReason enum of the API reference (GenerateContentResponse.Candidate.FinishReason).</summary>
    internal static readonly string[] FinishReasons =
    [
        "STOP", "MAX_TOKENS", "SAFETY", "RECITATION", "LANGUAGE", "OTHER", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
        "MALFORMED_FUNCTION_CALL", "IMAGE_SAFETY", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS",
    ];

    public string Name => "gemini";
    public IReadOnlyList<string> Keys { get; } = ["gemini"];
    public bool OwnsKeys => true;

    public StreamStep? Parse(ObjectReader r, IDialect dialect)
    {
        var kind = r.Enum("gemini", Names, required: true);
        var text = r.Text("text");
        // A signature is opaque: read as written, never trimmed.
        var signature = r.Text("thoughtSignature");
        var name = r.String("name");
        var args = r.Obj("args");
        var id = r.String("id");
        var finish = r.String("finishReason");
        var ratings = r.Array("safetyRatings");
        var usage = r.Obj("usage");
        var error = r.Obj("error");
        if (kind is not { } k) return null;
        var wire = Names.First(n => n.Item2 == k).Item1;
        foreach (var prop in AllProps)
            if (r.Has(prop) && !Props[k].Contains(prop))
                r.Error(prop, $"'{prop}' does not apply to gemini '{wire}' (it takes: {string.Join(", ", Props[k])})");
        void Need(string prop, object? value) { if (value is null && !r.Has(prop)) r.Context.Error(r.Path, $"gemini '{wire}' needs '{prop}'"); }
        if (finish is not null && !FinishReasons.Contains(finish))
            r.Error("finishReason", $"unknown value '{finish}'; expected one of {string.Join(", ", FinishReasons)}");
        switch (k)
        {
            case GeminiPartKind.Text or GeminiPartKind.Thought: Need("text", text); break;
            case GeminiPartKind.FunctionCall: Need("name", name); break;
            case GeminiPartKind.Finish: Need("finishReason", finish); break;
            case GeminiPartKind.Error: Need("error", error); break;
        }
        return new GeminiStep
        {
            Kind = k, Text = text, ThoughtSignature = signature, Name = name, Args = (JsonObject?)args?.DeepClone(), Id = id,
            FinishReason = finish, SafetyRatings = (JsonArray?)ratings?.DeepClone(), Usage = (JsonObject?)usage?.DeepClone(),
            Error = (JsonObject?)error?.DeepClone(),
        };
    }
}
