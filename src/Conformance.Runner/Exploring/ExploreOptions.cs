using Conformance.Runner.Running;

namespace Conformance.Runner.Exploring;

public sealed record ExploreOptions
{
    /// <summary>Client runs at most, own plans, confirmations and shrinking included.</summary>
    public const int DefaultBudget = 240;

    /// <summary>Seeds the plan generators: the same seed gives the same plans, and the same files.</summary>
    public int Seed { get; init; } = 1;

    public int Budget { get; init; } = DefaultBudget;

    /// <summary>Client runs at once. Results do not depend on it: plans are tried in fixed rounds, read in order.</summary>
    public int Parallel { get; init; } = Environment.ProcessorCount;

    /// <summary>A client still running after this long is killed and scored TIMEOUT. A plan's writes take at most about 2.4 s.</summary>
    public TimeSpan CaseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Scenario ids to explore (the --filter glob syntax); null: all.</summary>
    public string? Filter { get; init; }

    public bool Matches(string scenarioId) => new RunOptions { Filter = Filter }.Matches(scenarioId);
}
