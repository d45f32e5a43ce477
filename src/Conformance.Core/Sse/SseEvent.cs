namespace Conformance.Core.Sse;

/// <summary>One dispatched event: its type (default "message"), data, last event id, and the body offset just past its blank line.</summary>
public sealed record SseEvent(string Type, string Data, string? Id, int CompleteAtOffset);
