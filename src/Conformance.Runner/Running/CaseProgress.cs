using Conformance.Core.Results;

namespace Conformance.Runner.Running;

/// <summary>Reported after each case: counts so far (by <see cref="Core.Scoring.Verdicts.Outcome"/>) and the case just finished.</summary>
public sealed record CaseProgress(int Done, int Total, int Passed, int Failed, int Skipped, CaseResult Last)
{
    /// <summary>Cases with a missed SHOULD and nothing worse.</summary>
    public int NonStrict { get; init; }
    /// <summary>Cases outside what the client declares.</summary>
    public int NotRun { get; init; }
}
