namespace Conformance.Core.Scenarios.Steps;

/// <summary>The same step <see cref="Count"/> times, for large streams.</summary>
public sealed record RepeatStep : StreamStep
{
    public required int Count { get; init; }

    public required StreamStep Step { get; init; }
}
