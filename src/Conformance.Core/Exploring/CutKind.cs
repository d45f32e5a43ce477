namespace Conformance.Core.Exploring;

/// <summary>The places a generated cut aims at: where streaming parsers are known to break.</summary>
public enum CutKind
{
    /// <summary>Between the CR and the LF of a CRLF (WHATWG: one line end wherever the reads fall).</summary>
    CrLf,
    /// <summary>Inside a multi-byte UTF-8 character (000: a streaming decoder is needed).</summary>
    MultiByte,
    /// <summary>Between two events: several events coalesced, or one per write.</summary>
    EventBoundary,
    /// <summary>At the start of a line, including between the two line ends of a blank line.</summary>
    LineStart,
    /// <summary>Inside a field name (<c>da|ta:</c>), right after its colon or after the space.</summary>
    FieldName,
    /// <summary>Inside a JSON payload next to a token, or inside the <c>[DONE]</c> sentinel.</summary>
    Json,
    /// <summary>Any byte offset.</summary>
    Anywhere,
}

public static class CutKinds
{
    /// <summary>How a report names a cut of this kind.</summary>
    public static string Label(this CutKind kind) => kind switch
    {
        CutKind.CrLf => "between CR and LF",
        CutKind.MultiByte => "inside a multi-byte character",
        CutKind.EventBoundary => "between events",
        CutKind.LineStart => "at a line start",
        CutKind.FieldName => "inside a field name",
        CutKind.Json => "inside JSON",
        _ => "inside a line",
    };
}
