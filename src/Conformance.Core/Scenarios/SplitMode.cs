namespace Conformance.Core.Scenarios;

/// <summary>Where the body is cut into writes.</summary>
public enum SplitMode
{
    /// <summary>One write per step (the default).</summary>
    PerEvent,
    /// <summary>The whole body in one write.</summary>
    Single,
    /// <summary>A write every <see cref="SplitSpec.Bytes"/> bytes.</summary>
    Every,
    /// <summary>Cut at the body offsets in <see cref="SplitSpec.At"/>.</summary>
    Offsets,
    /// <summary>Per event, and every multi-byte UTF-8 character cut after its first byte.</summary>
    InsideMultiByte,
    /// <summary>Seeded random write sizes between 1 and <see cref="SplitSpec.MaxBytes"/>.</summary>
    Random,
    /// <summary>Per event, and every CRLF cut between the CR and the LF.</summary>
    BetweenCrLf,
}
