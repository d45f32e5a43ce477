namespace Conformance.Core.Scenarios;

/// <summary>The valid scenarios of a directory plus every error of the invalid ones.</summary>
public sealed record ScenarioLoadResult
{
    public required ScenarioCatalog Catalog { get; init; }

    public required IReadOnlyList<ScenarioError> Errors { get; init; }
}
