namespace Conformance.Core.Scenarios.Steps;

/// <summary>Text written verbatim as UTF-8, byte for byte; no line-ending conversion.</summary>
public sealed record RawStep : StreamStep
{
    public required string Text { get; init; }
}
