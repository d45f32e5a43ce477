namespace Conformance.Core.Gating;

/// <summary>
/// What the gate decided. <see cref="ExitCode"/>: 0 pass, 1 a case failed (or a score is below the
/// threshold), 2 the baseline is stale. Exit 3 (usage or harness error) is the CLI's own.
/// </summary>
public sealed record GateOutcome
{
    public const int Pass = 0;
    public const int Failed = 1;
    public const int StaleBaseline = 2;
    /// <summary>Not produced here: the CLI's code for usage errors and harness errors (including an invalid baseline file).</summary>
    public const int UsageOrHarnessError = 3;

    public required int ExitCode { get; init; }
    public required IReadOnlyDictionary<string, ClientScore> Scores { get; init; }
    /// <summary>Gating failures no baseline entry accepts.</summary>
    public required IReadOnlyList<GateItem> NewFailures { get; init; }
    /// <summary>Gating failures a baseline entry accepts (reported, not failing).</summary>
    public required IReadOnlyList<GateItem> Baselined { get; init; }
    /// <summary>Baseline entries whose pair now passes: they fail the run (exit 2) until removed.</summary>
    public required IReadOnlyList<BaselineEntry> StaleEntries { get; init; }
    /// <summary>Baseline entries that matched no verdict in this run (e.g. a filtered run); reported only.</summary>
    public required IReadOnlyList<BaselineEntry> UnmatchedEntries { get; init; }
    public double? Threshold { get; init; }
    /// <summary>Human-readable lines explaining the decision, in order.</summary>
    public required IReadOnlyList<string> Messages { get; init; }
}
