namespace Conformance.Server.Hosting;

/// <summary>One finished exchange, as `serve` logs it.</summary>
public sealed record ExchangeLog(string Method, string Path, int Status, string? ScenarioId, string? CaseId, int Attempt, string Ended, double DurationMs, int BodyBytes);
