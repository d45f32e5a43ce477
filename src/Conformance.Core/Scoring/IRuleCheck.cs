using Conformance.Core.Rules;

namespace Conformance.Core.Scoring;

/// <summary>
/// One generic check (see <see cref="CheckKinds"/>), evaluated for one rule of a case: the rule says
/// what the check judges (a no-phantom rule's phantom kinds). Returns a result, never throws for client behaviour.
/// </summary>
public interface IRuleCheck
{
    string Kind { get; }
    CheckResult Evaluate(ScoringInput input, Rule rule);
}
