using Conformance.Core.Results;

namespace Conformance.Runner.Running;

/// <summary>Reported after each case: counts so far and the case just finished.</summary>
public sealed record CaseProgress(int Done, int Total, int Passed, int Failed, int Skipped, CaseResult Last);
