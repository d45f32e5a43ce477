namespace Conformance.Runner.Exploring;

/// <summary>Reported after each client run and at each change of phase ("own plan", "exploring", "confirming", "shrinking").</summary>
public sealed record ExploreProgress(int Runs, int Budget, int Findings, string ScenarioId, int ScenarioNumber, int Scenarios, string Phase);
