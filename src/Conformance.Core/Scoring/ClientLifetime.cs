namespace Conformance.Core.Scoring;

/// <summary>When the client under test was started and when it was gone (null: it was killed or never ended), on the wall clock the journal uses.</summary>
public sealed record ClientLifetime(DateTimeOffset StartedAt, DateTimeOffset? ExitedAt)
{
    /// <summary>
    /// The observations' times are the client's own clock (a page stamps each emit when it makes it), not when the
    /// runner received them: no later than what the client did next. A process adapter's are receipt times.
    /// </summary>
    public bool StampedByClient { get; init; }
}
