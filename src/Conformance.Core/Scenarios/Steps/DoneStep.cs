namespace Conformance.Core.Scenarios.Steps;

/// <summary><c>data: [DONE]</c>.</summary>
public sealed record DoneStep : StreamStep;
