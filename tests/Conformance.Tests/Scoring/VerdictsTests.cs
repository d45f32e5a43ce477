using Conformance.Core.Scoring;

namespace Conformance.Tests.Scoring;

/// <summary>One definition of severity: every report, the progress line and the gate agree on what a case is.</summary>
public sealed class VerdictsTests
{
    [Test]
    public void ACaseWithFailAndSkipped_IsFailed()
    {
        Assert.That(Verdicts.Outcome([Verdict.Skipped, Verdict.Fail, Verdict.Pass]), Is.EqualTo(CaseOutcome.Failed));
        Assert.That(Verdicts.Worst([Verdict.Skipped, Verdict.Fail]), Is.EqualTo(Verdict.Fail));
    }

    [TestCase(new[] { Verdict.Pass, Verdict.Skipped }, CaseOutcome.Passed)]
    [TestCase(new[] { Verdict.Pass, Verdict.NonStrict }, CaseOutcome.NonStrict)]
    [TestCase(new[] { Verdict.Pass, Verdict.Info, Verdict.Skipped }, CaseOutcome.Info)]
    [TestCase(new[] { Verdict.Info, Verdict.NonStrict }, CaseOutcome.NonStrict)]
    [TestCase(new[] { Verdict.Skipped, Verdict.Skipped }, CaseOutcome.Skipped)]
    [TestCase(new[] { Verdict.NotRun, Verdict.NotRun }, CaseOutcome.NotRun)]
    [TestCase(new[] { Verdict.Timeout, Verdict.Fail }, CaseOutcome.Failed)]
    [TestCase(new[] { Verdict.AdapterError }, CaseOutcome.Failed)]
    public void Outcome(Verdict[] verdicts, CaseOutcome outcome) => Assert.That(Verdicts.Outcome(verdicts), Is.EqualTo(outcome));

    [Test]
    public void SeverityOrder_IsAdapterErrorTimeoutFailNonStrictInfoPassSkippedNotRun()
    {
        var ordered = Enum.GetValues<Verdict>().OrderByDescending(v => v.Severity()).ToArray();
        Assert.That(ordered, Is.EqualTo(new[] { Verdict.AdapterError, Verdict.Timeout, Verdict.Fail, Verdict.NonStrict, Verdict.Info, Verdict.Pass, Verdict.Skipped, Verdict.NotRun }));
    }

    [Test]
    public void Info_IsScoredButNeverAFailure()
    {
        Assert.That(Verdict.Info.IsScored(), Is.True, "an INFO rule was judged");
        Assert.That(Verdict.Info.IsFailure(), Is.False);
        Assert.That(Verdict.Info.Label(), Is.EqualTo("INFO"));
    }

    [Test]
    public void NotRunAndSkipped_AreNotScored_AndNotFailures()
    {
        Assert.That(Verdict.NotRun.IsScored() || Verdict.Skipped.IsScored(), Is.False);
        Assert.That(Enum.GetValues<Verdict>().Where(v => v.IsFailure()), Is.EquivalentTo(new[] { Verdict.Fail, Verdict.AdapterError, Verdict.Timeout }));
        Assert.That(Verdict.NotRun.Label(), Is.EqualTo("NOT RUN"));
    }
}
