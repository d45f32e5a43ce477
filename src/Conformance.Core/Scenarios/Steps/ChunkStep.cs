using System.Text.Json.Nodes;

namespace Conformance.Core.Scenarios.Steps;

/// <summary>An OpenAI chunk (<c>data: {...}</c>) built from shorthands and/or a raw <see cref="Chunk"/> object.</summary>
public sealed record ChunkStep : StreamStep
{
    public string? Role { get; init; }

    /// <summary><c>delta.content</c> (chat) or <c>choices[0].text</c> (completions).</summary>
    public string? Content { get; init; }

    /// <summary><c>delta.reasoning_content</c>.</summary>
    public string? Reasoning { get; init; }

    /// <summary><c>delta.tool_calls</c>: usually one fragment; several for parallel calls sent in one chunk.</summary>
    public IReadOnlyList<ToolCallDelta> ToolCalls { get; init; } = [];

    /// <summary><c>finish_reason</c> on an otherwise empty delta.</summary>
    public string? Finish { get; init; }

    /// <summary>A usage chunk (<c>"choices": []</c>).</summary>
    public JsonObject? Usage { get; init; }

    /// <summary>Alone: the chunk written as-is. With shorthands: shallow-merged over the generated chunk (null removes a key).</summary>
    public JsonObject? Chunk { get; init; }
}
