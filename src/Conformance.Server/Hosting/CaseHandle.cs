namespace Conformance.Server.Hosting;

/// <summary>A runner-allocated case: its id and the base URL (ending in /v1) a client is pointed at.</summary>
public sealed record CaseHandle(string CaseId, string ScenarioId, Uri BaseUrl);
