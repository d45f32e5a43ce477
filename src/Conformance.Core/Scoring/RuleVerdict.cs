namespace Conformance.Core.Scoring;

/// <summary>
/// The verdict of one rule on one case, with why: the expected and observed values quoted, and
/// where to look in the wire transcript (e.g. "writes #3–#4, body bytes 118–131").
/// </summary>
public sealed record RuleVerdict
{
    public required string RuleId { get; init; }
    public required Verdict Verdict { get; init; }
    public required string Reason { get; init; }
    public string? Expected { get; init; }
    public string? Observed { get; init; }
    public string? Evidence { get; init; }
}
