namespace Conformance.Core.Scoring;

/// <summary>One generic check (see <see cref="Rules.CheckKinds"/>). Returns a result, never throws for client behaviour.</summary>
public interface IRuleCheck
{
    string Kind { get; }
    CheckResult Evaluate(ScoringInput input);
}
