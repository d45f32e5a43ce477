namespace Conformance.Core.Scenarios.Steps;

/// <summary>A generic SSE event; multi-line data becomes several <c>data:</c> lines, null data none.</summary>
public sealed record SseStep : StreamStep
{
    public string? Event { get; init; }

    public string? Id { get; init; }

    public int? Retry { get; init; }

    public string? Data { get; init; }
}
