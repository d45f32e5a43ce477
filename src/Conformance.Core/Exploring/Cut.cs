namespace Conformance.Core.Exploring;

/// <summary>
/// A write boundary in plan coordinates, stable when line endings change or other events are removed:
/// before byte <see cref="At"/> of event <see cref="Segment"/>'s LF skeleton (its bytes with every
/// generated line ending written as LF), or, with <see cref="InsideCrLf"/>, between the CR and the LF of
/// the line ending at skeleton position <see cref="At"/> (only meaningful while that ending is CRLF).
/// Segment -1 is the BOM.
/// </summary>
public readonly record struct Cut(int Segment, int At, bool InsideCrLf = false) : IComparable<Cut>
{
    public int CompareTo(Cut other)
    {
        var bySegment = Segment.CompareTo(other.Segment);
        if (bySegment != 0) return bySegment;
        var byAt = At.CompareTo(other.At);
        return byAt != 0 ? byAt : InsideCrLf.CompareTo(other.InsideCrLf);
    }

    public override string ToString() => $"{Segment}:{At}{(InsideCrLf ? "~" : "")}";
}
