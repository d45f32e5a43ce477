namespace Conformance.Core.Sse;

/// <summary>
/// The events of a complete body, whether bytes of an unfinished event were left at the end, and the blocks
/// a WHATWG parser does not dispatch (lines up to a blank line with an empty data buffer: comments, an
/// <c>event:</c>, <c>id:</c> or <c>retry:</c> alone), which a naive parser may still turn into an event.
/// </summary>
public sealed record SseParseResult(IReadOnlyList<SseEvent> Events, bool UnterminatedTail)
{
    public IReadOnlyList<SseBlock> Undispatched { get; init; } = [];

    /// <summary>
    /// The last event ID string after the body: the last event ID buffer at its last blank line ("" when empty), or null
    /// when the body has no blank line (the string keeps its value). An incomplete final event does not set it.
    /// </summary>
    public string? LastEventIdAtDispatch { get; init; }

    /// <summary>The reconnection time the body's last valid <c>retry:</c> field set (ms), or null when it sets none.</summary>
    public int? ReconnectionTimeMs { get; init; }

    /// <summary>Lines of a form some rule is about (a <c>data:</c> without its one space, a line without a colon, invalid UTF-8), in body order.</summary>
    public IReadOnlyList<SseLineMark> Marks { get; init; } = [];
}

/// <summary>A line form the reference parser saw: which, and the body offset just past the blank line of its block (or the body's end, for a flushed final event).</summary>
public sealed record SseLineMark(SseLineKind Kind, int CompleteAtOffset)
{
    /// <summary>The body offset of its block's first line.</summary>
    public int StartOffset { get; init; }
}

public enum SseLineKind { DataWithoutOneSpace, NoColon, InvalidUtf8 }

/// <summary>A block of lines that ended without data: only comments (a heartbeat), or fields without data; the body offset just past its blank line.</summary>
public sealed record SseBlock(bool OnlyComments, string? EventType, int CompleteAtOffset)
{
    /// <summary>The body offset of its first line.</summary>
    public int StartOffset { get; init; }
}
