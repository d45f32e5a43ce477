using Conformance.Core.Scenarios.Steps;

namespace Conformance.Core.Scenarios;

/// <summary>A streamed body: provider-level steps plus how they travel over the wire.</summary>
public sealed record StreamSpec
{
    /// <summary>The <c>model</c> field of generated chunks; null means the scenario id.</summary>
    public string? Model { get; init; }

    public required IReadOnlyList<StreamStep> Events { get; init; }

    public TransportSpec Transport { get; init; } = new();
}
