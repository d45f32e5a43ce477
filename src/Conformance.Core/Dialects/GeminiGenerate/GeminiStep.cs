using System.Text.Json.Nodes;
using Conformance.Core.Scenarios.Steps;

namespace Conformance.Core.Dialects.GeminiGenerate;

/// <summary>What one <c>{"gemini": …}</c> step writes: a part, a finish without a part, or a bare error object.</summary>
public enum GeminiPartKind { Text, Thought, FunctionCall, Finish, Error }

/// <summary>
/// One <c>GenerateContentResponse</c> chunk (or a bare <c>{"error":…}</c>), written as <c>data: &lt;json&gt;</c> and a
/// blank line: Gemini's SSE has no <c>event:</c> names and no terminator.
/// </summary>
public sealed record GeminiStep : StreamStep
{
    public required GeminiPartKind Kind { get; init; }

    /// <summary>The part's text (text and thought parts).</summary>
    public string? Text { get; init; }

    /// <summary>The opaque <c>thoughtSignature</c> a part carries; the client must hand it back byte for byte.</summary>
    public string? ThoughtSignature { get; init; }

    /// <summary>The function's name and arguments object (functionCall parts: whole, never streamed in pieces).</summary>
    public string? Name { get; init; }
    public JsonObject? Args { get; init; }
    public string? Id { get; init; }

    /// <summary>The candidate's <c>finishReason</c> (STOP, MAX_TOKENS, SAFETY, RECITATION, …); null: not finished.</summary>
    public string? FinishReason { get; init; }

    /// <summary><c>safetyRatings</c> of the candidate (a SAFETY finish carries them).</summary>
    public JsonArray? SafetyRatings { get; init; }

    /// <summary>The chunk's <c>usageMetadata</c>.</summary>
    public JsonObject? Usage { get; init; }

    /// <summary>The error object of a bare <c>{"error":…}</c> chunk (<c>code</c>, <c>message</c>, <c>status</c>).</summary>
    public JsonObject? Error { get; init; }
}
