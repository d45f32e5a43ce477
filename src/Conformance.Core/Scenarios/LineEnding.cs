namespace Conformance.Core.Scenarios;

/// <summary>Line terminator of generated SSE lines.</summary>
public enum LineEnding
{
    Lf,
    CrLf,
    Cr,
    /// <summary>Cycles LF, CRLF, CR line by line, deterministically.</summary>
    Mixed,
}
