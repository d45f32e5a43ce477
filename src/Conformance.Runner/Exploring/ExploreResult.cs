using System.Text.Json.Serialization;
using Conformance.Core.Results;

namespace Conformance.Runner.Exploring;

/// <summary>What one exploration ran and found (explore.json).</summary>
public sealed record ExploreResult
{
    public required int Seed { get; init; }
    public required int Budget { get; init; }
    /// <summary>Client runs made: own plans, generated plans, confirmations and shrinking.</summary>
    public required int Runs { get; init; }
    public required double DurationMs { get; init; }
    public required ClientInfo Client { get; init; }
    public required string Profile { get; init; }
    public string? Filter { get; init; }
    public required IReadOnlyList<ScenarioExploration> Scenarios { get; init; }
    public required IReadOnlyList<ExploreFinding> Findings { get; init; }
}

/// <summary>One selected scenario: whether it was explored, its own plan's verdicts, the plans tried.</summary>
public sealed record ScenarioExploration
{
    public required string ScenarioId { get; init; }
    public required bool Explored { get; init; }
    /// <summary>Why it was not explored, or what stopped it early.</summary>
    public string? Note { get; init; }
    /// <summary>Rules the client passes under the scenario's own plan: the only ones a finding may be about.</summary>
    public IReadOnlyList<string> PassingRules { get; init; } = [];
    /// <summary>Rules the client already fails under the scenario's own plan (the scenario catches those itself).</summary>
    public IReadOnlyList<string> FailingRules { get; init; } = [];
    /// <summary>Generated plans run.</summary>
    public int Plans { get; init; }
    /// <summary>Generated plans skipped without a run: the profile leaves their expectation undefined, or they would change the events.</summary>
    public int Skipped { get; init; }
    /// <summary>Client runs spent on this scenario, shrinking included.</summary>
    public int Runs { get; init; }
    /// <summary>Plans (by number) that failed once and passed when run again: not reported as findings.</summary>
    public IReadOnlyList<int> Flaky { get; init; } = [];
    public IReadOnlyList<string> Findings { get; init; } = [];
}

/// <summary>A rule the client passes under a scenario's own plan and fails under a generated one, with the minimal plan found.</summary>
public sealed record ExploreFinding
{
    /// <summary>The id of the written scenario.</summary>
    public required string ScenarioId { get; init; }
    public required string OriginalId { get; init; }
    public required string Rule { get; init; }
    /// <summary>Other rules the minimal plan fails that the own plan passes.</summary>
    public IReadOnlyList<string> AlsoFails { get; init; } = [];
    public required string Verdict { get; init; }
    public required string Reason { get; init; }
    public required int Seed { get; init; }
    /// <summary>Which generated plan of the original scenario failed first (1-based).</summary>
    public required int PlanNumber { get; init; }
    public required PlanSummary Found { get; init; }
    public required PlanSummary Minimal { get; init; }
    /// <summary>How the written plan's failure was confirmed, e.g. "2/2".</summary>
    public required string Confirmed { get; init; }
    public required int ShrinkRuns { get; init; }
    /// <summary>False when the budget ran out before the plan was 1-minimal.</summary>
    public required bool ShrinkComplete { get; init; }
    public IReadOnlyList<string> ShrinkSteps { get; init; } = [];
    public string? Note { get; init; }
    /// <summary>Where the scenario is written, relative to the output folder: scenarios/&lt;family&gt;/&lt;id&gt;.json.</summary>
    public required string Path { get; init; }
    /// <summary>"steps" (the original's events, readable) or "raw" (each event's exact bytes).</summary>
    public required string Form { get; init; }
    [JsonIgnore] public string Json { get; init; } = "";
}

/// <summary>A plan as reports show it.</summary>
public sealed record PlanSummary
{
    public required IReadOnlyList<int> Offsets { get; init; }
    /// <summary>For each offset, what kind of place it is ("between CR and LF").</summary>
    public required IReadOnlyList<string> Places { get; init; }
    public required int Events { get; init; }
    public required int OfEvents { get; init; }
    /// <summary>"lf", "crlf", "cr", "mixed", or "per-line" with the endings listed in <see cref="Lines"/>.</summary>
    public required string LineEndings { get; init; }
    public string? Lines { get; init; }
    public required int Writes { get; init; }

    public override string ToString()
    {
        var cuts = Offsets.Count == 0 ? "no cut" : $"{Offsets.Count} cut{(Offsets.Count == 1 ? "" : "s")} at " + string.Join(", ", Offsets.Zip(Places).Select(p => $"{p.First} ({p.Second})"));
        return $"{cuts}; {(Events == OfEvents ? $"all {Events} events" : $"{Events} of {OfEvents} events")}; lines {LineEndings}{(Lines is null ? "" : $" ({Lines})")}; {Writes} write{(Writes == 1 ? "" : "s")}";
    }
}
