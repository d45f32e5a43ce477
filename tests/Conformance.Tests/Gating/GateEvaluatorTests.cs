using Conformance.Core.Gating;
using Conformance.Core.Results;
using Conformance.Core.Scoring;
using Conformance.Tests.Reports;

namespace Conformance.Tests.Gating;

/// <summary>Every exit code the gate produces (0, 1, 2); exit 3 is the CLI's.</summary>
public sealed class GateEvaluatorTests
{
    private static RunResult AllPass() => RunFixture.Build() with
    {
        Cases = [.. RunFixture.Build().Cases.Select(c => c with
        {
            Verdicts = [.. c.Verdicts.Select(v => v.Verdict is Verdict.Fail or Verdict.AdapterError or Verdict.Timeout ? v with { Verdict = Verdict.Pass } : v)],
        })],
    };

    /// <summary>The fixture with one MUST failure only: node-sdk fails sse.utf8.split.</summary>
    private static RunResult OneFailure() => AllPass() with
    {
        Cases = [.. AllPass().Cases.Select(c => c.CaseId != "c0004" ? c : c with
        {
            Verdicts = [.. c.Verdicts.Select(v => v.RuleId == RunFixture.Utf8Split ? v with { Verdict = Verdict.Fail } : v)],
        })],
    };

    private static BaselineEntry Entry(string? client, string scenario, string rule) =>
        new() { Client = client, Case = scenario, Rule = rule, Reason = "tracked upstream" };

    [Test]
    public void Exit0_WhenEveryMustRulePasses_EvenWithNonStrictAndSkipped()
    {
        var outcome = GateEvaluator.Evaluate(AllPass());
        Assert.That(outcome.ExitCode, Is.EqualTo(GateOutcome.Pass), string.Join("\n", outcome.Messages));
        Assert.That(outcome.NewFailures, Is.Empty);
        Assert.That(outcome.Scores["node-sdk"].Score, Is.EqualTo(1.0));
    }

    [Test]
    public void Exit1_WhenAMustRuleFails()
    {
        var outcome = GateEvaluator.Evaluate(OneFailure());
        Assert.That(outcome.ExitCode, Is.EqualTo(GateOutcome.Failed));
        Assert.That(outcome.NewFailures.Select(f => f.ToString()), Is.EqualTo(new[] { "node-sdk encoding.split-utf8 › sse.utf8.split: FAIL" }));
        Assert.That(outcome.Messages[0], Does.StartWith("node-sdk encoding.split-utf8 › sse.utf8.split: FAIL"));
    }

    [Test]
    public void Exit1_ForAdapterErrorsAndTimeouts()
    {
        var outcome = GateEvaluator.Evaluate(RunFixture.Build());
        Assert.That(outcome.ExitCode, Is.EqualTo(GateOutcome.Failed));
        Assert.That(outcome.NewFailures.Select(f => f.Verdict).Distinct(), Is.EquivalentTo(new[] { Verdict.Fail, Verdict.AdapterError, Verdict.Timeout }));
        // A timeout on a SHOULD rule gates too: a hung client tells nothing about the rule.
        Assert.That(outcome.NewFailures.Any(f => f.Rule == RunFixture.Stall && f.Verdict == Verdict.Timeout));
    }

    [Test]
    public void Exit0_WhenTheOnlyFailureIsBaselined()
    {
        var baseline = new Baseline { Entries = [Entry("node-sdk", "encoding.split-utf8", RunFixture.Utf8Split)] };
        var outcome = GateEvaluator.Evaluate(OneFailure(), baseline);
        Assert.That(outcome.ExitCode, Is.EqualTo(GateOutcome.Pass));
        Assert.That(outcome.Baselined.Single().BaselineReason, Is.EqualTo("tracked upstream"));
        Assert.That(outcome.Messages, Has.Some.Contains("(baselined: tracked upstream)"));
    }

    [Test]
    public void Exit0_WildcardClientEntry_AcceptsTheFailureForAnyClient()
    {
        var outcome = GateEvaluator.Evaluate(OneFailure(), new Baseline { Entries = [Entry(null, "encoding.split-utf8", RunFixture.Utf8Split)] });
        Assert.That(outcome.ExitCode, Is.EqualTo(GateOutcome.Pass), "browser-fetch passes the pair, but node-sdk still fails it: not stale");
        Assert.That(outcome.StaleEntries, Is.Empty);
    }

    [Test]
    public void Exit2_WhenABaselinedPairNowPasses()
    {
        var stale = Entry("browser-fetch", "encoding.split-utf8", RunFixture.Utf8Split);
        var outcome = GateEvaluator.Evaluate(AllPass(), new Baseline { Entries = [stale] });
        Assert.That(outcome.ExitCode, Is.EqualTo(GateOutcome.StaleBaseline));
        Assert.That(outcome.StaleEntries, Is.EqualTo(new[] { stale }));
        Assert.That(outcome.Messages, Has.Some.Contains("stale baseline entry: browser-fetch encoding.split-utf8 › sse.utf8.split now passes"));
    }

    [Test]
    public void Exit1_WinsOverStale_WhenBothHappen()
    {
        var outcome = GateEvaluator.Evaluate(OneFailure(), new Baseline { Entries = [Entry("browser-fetch", "framing.crlf", RunFixture.Crlf)] });
        Assert.That(outcome.ExitCode, Is.EqualTo(GateOutcome.Failed));
        Assert.That(outcome.StaleEntries, Has.Count.EqualTo(1), "still reported");
    }

    [Test]
    public void UnmatchedEntry_IsReportedButNotStale()
    {
        var outcome = GateEvaluator.Evaluate(AllPass(), new Baseline { Entries = [Entry("node-sdk", "not.in.this.run", RunFixture.Crlf)] });
        Assert.That(outcome.ExitCode, Is.EqualTo(GateOutcome.Pass));
        Assert.That(outcome.UnmatchedEntries, Has.Count.EqualTo(1));
    }

    [Test]
    public void Exit1_WhenAScoreIsBelowTheThreshold_EvenIfEveryFailureIsBaselined()
    {
        var run = OneFailure();
        var baseline = new Baseline { Entries = [Entry("node-sdk", "encoding.split-utf8", RunFixture.Utf8Split)] };
        Assert.That(GateEvaluator.Evaluate(run, baseline).ExitCode, Is.EqualTo(GateOutcome.Pass));
        var outcome = GateEvaluator.Evaluate(run, baseline, threshold: 0.95);
        Assert.That(outcome.Scores["node-sdk"].ToString(), Is.EqualTo("90% (9/10 MUST)"));
        Assert.That(outcome.ExitCode, Is.EqualTo(GateOutcome.Failed));
        Assert.That(outcome.Messages[0], Is.EqualTo("node-sdk: score 90% (9/10 MUST) is below the threshold 95%"));
    }

    [Test]
    public void Exit0_WhenEveryScoreMeetsTheThreshold_ThoughSomeRulesFail()
    {
        var outcome = GateEvaluator.Evaluate(OneFailure(), baseline: null, threshold: 0.9);
        Assert.That(outcome.ExitCode, Is.EqualTo(GateOutcome.Pass));
        Assert.That(outcome.NewFailures, Has.Count.EqualTo(1), "still reported");
    }

    [Test]
    public void Score_CountsMustRulesOnly_AndExcludesSkipped()
    {
        var scores = GateEvaluator.Scores(RunFixture.Build());
        // node-sdk MUST verdicts: 7 PASS, 2 FAIL, 1 TIMEOUT; its SHOULD timeout and INFO skip are not applicable.
        Assert.That(scores["node-sdk"], Is.EqualTo(new ClientScore("node-sdk", 7, 10)));
        // evil-cli: 2 PASS, 1 FAIL, 3 ADAPTER-ERROR; its SKIPPED MUST verdict is excluded.
        Assert.That(scores["evil-cli"], Is.EqualTo(new ClientScore("evil-cli", 2, 6)));
        Assert.That(new ClientScore("none", 0, 0).Score, Is.EqualTo(1.0));
    }

    [Test]
    public void Threshold_OutsideZeroToOne_IsAHarnessError() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GateEvaluator.Evaluate(AllPass(), null, 95));
}
