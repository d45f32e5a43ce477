using System.Text;
using Conformance.Core.Gating;
using Conformance.Core.Reports;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scoring;
using NUnit.Framework;

namespace Conformance.Testing;

/// <summary>
/// A scored case: one verdict per rule, from the runner's own scoring path. <see cref="AssertExpected"/> turns them into
/// the NUnit outcome, with the messages the reports give (rule id and level, reason, expected, observed, wire evidence).
/// </summary>
public sealed class CaseVerdicts
{
    private readonly CaseResult _result;
    private readonly ConformanceCase _case;
    private readonly IReadOnlyDictionary<string, Rule> _rules;

    internal CaseVerdicts(CaseResult result, ConformanceCase @case, IReadOnlyDictionary<string, Rule> rules)
    {
        _result = result;
        _case = @case;
        _rules = rules;
        Rules = [.. result.Verdicts.Select(v => new RuleOutcome(v.RuleId, LevelOf(v.RuleId).ToString().ToUpperInvariant(), v.Verdict.Label(), v.Reason, v.Expected, v.Observed, v.Evidence))];
    }

    /// <summary>The scenario id.</summary>
    public string ScenarioId => _result.ScenarioId;

    /// <summary>Every rule's verdict, in the scenario's order.</summary>
    public IReadOnlyList<RuleOutcome> Rules { get; }

    /// <summary>
    /// Asserts the case came out as expected:
    /// <list type="bullet">
    /// <item>NOT RUN (the client lacks an API or feature the case needs): <see cref="Assert.Ignore(string)"/> with the reason, never a failure.</item>
    /// <item>Each known finding of the case must reproduce (the same verdict on its rule); one that does not fails the case, saying the client may have been fixed.</item>
    /// <item>Any other FAIL, ADAPTER-ERROR or TIMEOUT on a MUST or SHOULD rule fails the case (the CLI gate's rule), as does a
    /// NON-STRICT when <see cref="CaseSelection.NonStrictFails"/>. Everything else passes; NON-STRICT and INFO are written to the test's output.</item>
    /// </list>
    /// Every verdict is written to the test's output first, so a passing case shows what it was judged on too.
    /// </summary>
    public void AssertExpected()
    {
        TestContext.Out.Write(Report());
        if (_result.Verdicts.Count > 0 && _result.Verdicts.All(v => v.Verdict == Verdict.NotRun))
            Assert.Ignore(_result.Verdicts[0].Reason);

        var problems = new List<string>();
        var known = _case.KnownFindings;
        foreach (var f in known)
        {
            var v = _result.Verdicts.FirstOrDefault(x => string.Equals(x.RuleId, f.RuleId, StringComparison.Ordinal));
            if (v is null)
                problems.Add($"known finding {f.RuleId} {f.Verdict}: the case has no verdict on {f.RuleId} (the scenario no longer cites it): remove the finding");
            else if (!string.Equals(v.Verdict.Label(), f.Verdict, StringComparison.Ordinal))
                problems.Add($"known finding {f.RuleId} {f.Verdict} did not reproduce: the verdict is now {v.Verdict.Label()}. "
                             + (v.Verdict == Verdict.Pass ? "The client may have been fixed: remove the known finding. " : "")
                             + $"The finding: {f.Reason}\n" + Details(v));
        }
        foreach (var v in _result.Verdicts)
        {
            if (known.Any(f => string.Equals(f.RuleId, v.RuleId, StringComparison.Ordinal))) continue;
            var level = LevelOf(v.RuleId);
            if (GateEvaluator.IsGatingFailure(v.Verdict, level) || (v.Verdict == Verdict.NonStrict && _case.Selection.NonStrictFails))
                problems.Add(Details(v));
        }
        if (problems.Count > 0)
            Assert.Fail($"{_case.Selection.Client.Name} {ScenarioId}: {problems.Count} unexpected verdict(s)\n\n" + string.Join("\n", problems));
    }

    /// <summary>Every verdict on one line each, then the known findings that reproduced: what the test's output shows.</summary>
    public string Report()
    {
        var sb = new StringBuilder();
        var client = _case.Selection.Client;
        sb.Append(client.Name).Append(client.Sdk is { } sdk ? $" ({sdk})" : "").Append(' ').Append(ScenarioId).Append(" — ").Append(_result.Title).Append('\n');
        foreach (var r in Rules)
        {
            var finding = _case.KnownFindings.FirstOrDefault(f => f.RuleId == r.RuleId);
            sb.Append("  ").Append(r.RuleId).Append(": ").Append(r.Verdict).Append(" [").Append(r.Level).Append("] ")
              .Append(ReportText.OneLine(r.Reason, 300))
              .Append(finding is null ? "" : finding.Verdict == r.Verdict ? " (known finding, reproduced)" : $" (known finding {finding.Verdict}: NOT reproduced)")
              .Append('\n');
        }
        return sb.ToString();
    }

    private string Details(RuleVerdict v) =>
        $"{ScenarioId} › {v.RuleId}: {v.Verdict.Label()} [{LevelOf(v.RuleId).ToString().ToUpperInvariant()}]\n" + ReportText.Details(_result, v, _rules.GetValueOrDefault(v.RuleId));

    private RuleLevel LevelOf(string ruleId) => _rules.TryGetValue(ruleId, out var r) ? r.Level : RuleLevel.Must;
}
