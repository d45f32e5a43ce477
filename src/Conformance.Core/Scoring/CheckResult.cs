namespace Conformance.Core.Scoring;

/// <summary>
/// What a check found: met, missed (with expected/observed/evidence) or not applicable. A missed result
/// that <see cref="Blocks"/> kept the rest of the case from being exercised (no retry, so no stream):
/// the scorer then SKIPS the case's other rules as "not reached" instead of failing them too.
/// </summary>
public sealed record CheckResult(CheckStatus Status, string Reason, string? Expected = null, string? Observed = null, string? Evidence = null)
{
    public bool Blocks { get; init; }

    /// <summary>
    /// For a blocking crash: where the client died. The rules whose forms (<see cref="Rules.Rule.Forms"/>) the stream
    /// carries only before it were exercised, and are judged on what the client yielded; the rest are "not reached".
    /// </summary>
    public CrashPoint? Crash { get; init; }

    public static CheckResult Met(string reason, string? evidence = null) => new(CheckStatus.Met, reason, Evidence: evidence);
    public static CheckResult Missed(string reason, string? expected, string? observed, string? evidence = null) => new(CheckStatus.Missed, reason, expected, observed, evidence);
    public static CheckResult NotApplicable(string reason) => new(CheckStatus.NotApplicable, reason);
}

public enum CheckStatus { Met, Missed, NotApplicable }
