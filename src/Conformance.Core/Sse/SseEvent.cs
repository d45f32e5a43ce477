namespace Conformance.Core.Sse;

/// <summary>One dispatched event: its type (default "message"), data, last event id, and the body offset just past its blank line.</summary>
public sealed record SseEvent(string Type, string Data, string? Id, int CompleteAtOffset)
{
    /// <summary>The body offset of its first line: its bytes are [StartOffset, CompleteAtOffset).</summary>
    public int StartOffset { get; init; }
}
