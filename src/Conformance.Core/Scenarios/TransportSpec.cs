namespace Conformance.Core.Scenarios;

/// <summary>How the stream's bytes are laid out and cut into writes.</summary>
public sealed record TransportSpec
{
    /// <summary>Line ending for generated lines (never applied to <c>raw</c> steps).</summary>
    public LineEnding LineEnding { get; init; } = LineEnding.Lf;

    /// <summary>Start the body with a UTF-8 BOM.</summary>
    public bool Bom { get; init; }

    public SplitSpec Split { get; init; } = new();

    /// <summary>Pause before every write after the first.</summary>
    public int DelayMs { get; init; }

    /// <summary>Pause before the first write.</summary>
    public int FirstDelayMs { get; init; }

    public EndSpec End { get; init; } = new();
}
