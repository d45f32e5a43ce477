namespace Conformance.Core.Scenarios;

/// <summary>Where writes split. Steps with their own <c>delayMs</c> always start a new write.</summary>
public sealed record SplitSpec
{
    public SplitMode Mode { get; init; } = SplitMode.PerEvent;

    /// <summary>Write size for <see cref="SplitMode.Every"/>.</summary>
    public int Bytes { get; init; }

    /// <summary>Body offsets for <see cref="SplitMode.Offsets"/>.</summary>
    public IReadOnlyList<int> At { get; init; } = [];

    /// <summary>Seed for <see cref="SplitMode.Random"/>.</summary>
    public int Seed { get; init; }

    /// <summary>Largest write for <see cref="SplitMode.Random"/>.</summary>
    public int MaxBytes { get; init; } = 16;
}
