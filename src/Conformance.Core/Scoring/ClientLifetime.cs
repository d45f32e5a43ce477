namespace Conformance.Core.Scoring;

/// <summary>When the client under test was started and when it was gone (null: it was killed or never ended), on the wall clock the journal uses.</summary>
public sealed record ClientLifetime(DateTimeOffset StartedAt, DateTimeOffset? ExitedAt);
