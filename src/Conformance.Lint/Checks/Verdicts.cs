using Conformance.Core.Rules;
using Conformance.Core.Scoring;
using Conformance.Lint.Rules;

namespace Conformance.Lint.Checks;

/// <summary>Builds a rule's verdict: a miss is FAIL for a MUST, NON-STRICT for a SHOULD, never thrown.</summary>
public static class LintVerdicts
{
    public static RuleVerdict Of(string ruleId, bool pass, string reason, string? expected = null, string? observed = null, string? evidence = null)
    {
        var rule = ServerRules.Get(ruleId);
        return new RuleVerdict
        {
            RuleId = rule.Id,
            Verdict = pass ? Verdict.Pass : rule.Level switch { RuleLevel.Must => Verdict.Fail, RuleLevel.Should => Verdict.NonStrict, _ => Verdict.Pass },
            Reason = reason,
            Expected = expected,
            Observed = observed,
            Evidence = evidence,
        };
    }

    public static RuleVerdict Pass(string ruleId, string reason, string? evidence = null) => Of(ruleId, true, reason, evidence: evidence);

    public static RuleVerdict Miss(string ruleId, string reason, string? expected = null, string? observed = null, string? evidence = null) =>
        Of(ruleId, false, reason, expected, observed, evidence);

    public static RuleVerdict Skip(string ruleId, string reason) =>
        new() { RuleId = ServerRules.Get(ruleId).Id, Verdict = Verdict.Skipped, Reason = reason };

    /// <summary>Up to 120 characters of a text, control characters made visible (a CR in a reason must show).</summary>
    public static string Show(string s)
    {
        var v = s.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return v.Length <= 120 ? v : v[..120] + "…";
    }
}
