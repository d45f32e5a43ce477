namespace Conformance.Core.Scenarios.Steps;

/// <summary>One <c>delta.tool_calls[]</c> fragment; id and name only on the first fragment.</summary>
public sealed record ToolCallDelta
{
    public required int Index { get; init; }

    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Arguments { get; init; }
}
