using System.Text.Json.Nodes;

namespace Conformance.Core.Scenarios.Steps;

/// <summary>An Anthropic Messages event, written as <c>event: &lt;type&gt;\ndata: &lt;json&gt;\n\n</c>.</summary>
public sealed record AnthropicStep : StreamStep
{
    public required AnthropicEventKind Kind { get; init; }

    /// <summary>Content block index (block start/delta/stop).</summary>
    public int Index { get; init; }

    /// <summary><c>text</c>, <c>tool_use</c> or <c>thinking</c> (content_block_start).</summary>
    public string? BlockType { get; init; }

    /// <summary>Tool use id (content_block_start) or message id (message_start).</summary>
    public string? Id { get; init; }

    /// <summary>Tool name (content_block_start of a tool_use block).</summary>
    public string? Name { get; init; }

    /// <summary>The delta text: <c>text</c>, <c>thinking</c>, <c>partialJson</c> or <c>signature</c>.</summary>
    public string? Text { get; init; }

    /// <summary>The citation object of a citations_delta.</summary>
    public JsonObject? Citation { get; init; }

    /// <summary><c>stop_reason</c> of message_delta.</summary>
    public string? StopReason { get; init; }

    /// <summary>Usage of message_start / message_delta; null means a plausible default.</summary>
    public JsonObject? Usage { get; init; }

    /// <summary>The error object of an error event.</summary>
    public JsonObject? Error { get; init; }
}
