namespace Conformance.Core.Scoring;

/// <summary>What a check found: met, missed (with expected/observed/evidence) or not applicable.</summary>
public sealed record CheckResult(CheckStatus Status, string Reason, string? Expected = null, string? Observed = null, string? Evidence = null)
{
    public static CheckResult Met(string reason, string? evidence = null) => new(CheckStatus.Met, reason, Evidence: evidence);
    public static CheckResult Missed(string reason, string? expected, string? observed, string? evidence = null) => new(CheckStatus.Missed, reason, expected, observed, evidence);
    public static CheckResult NotApplicable(string reason) => new(CheckStatus.NotApplicable, reason);
}

public enum CheckStatus { Met, Missed, NotApplicable }
