namespace Conformance.Core.Sse;

/// <summary>The events of a complete body, and whether bytes of an unfinished event were left at the end.</summary>
public sealed record SseParseResult(IReadOnlyList<SseEvent> Events, bool UnterminatedTail);
