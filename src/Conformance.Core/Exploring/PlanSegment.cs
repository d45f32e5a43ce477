namespace Conformance.Core.Exploring;

/// <summary>
/// One event of the stream as the compiler delimits it (a step, or one repetition or piece of a repeat or
/// generate step): its bytes with every generated line ending written as LF, and where those endings are.
/// </summary>
public sealed record PlanSegment
{
    /// <summary>The event's bytes, generated line endings as LF.</summary>
    public required byte[] Skeleton { get; init; }

    /// <summary>Positions in <see cref="Skeleton"/> of the generated line endings (raw steps' bytes are never among them).</summary>
    public required IReadOnlyList<int> Slots { get; init; }

    /// <summary>Index of this segment's first line ending among all of the stream's (for <see cref="WritePlan.Endings"/>).</summary>
    public required int FirstSlot { get; init; }

    /// <summary>The event's own pause (it then always starts a write), or null.</summary>
    public int? DelayMs { get; init; }

    /// <summary>Index of the top-level step of <c>stream.events</c> it comes from.</summary>
    public required int Step { get; init; }
}
