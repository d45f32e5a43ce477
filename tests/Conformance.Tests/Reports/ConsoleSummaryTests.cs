using Conformance.Core.Gating;
using Conformance.Core.Reports;

namespace Conformance.Tests.Reports;

public sealed class ConsoleSummaryTests
{
    [Test]
    public void ConsoleSummary_HostileText_CannotDriveTheTerminal()
    {
        var run = RunFixture.Build();
        var text = ConsoleSummary.Render(run, GateEvaluator.Evaluate(run));
        Assert.That(text, Does.Not.Contain("\u001b").And.Not.Contain("\u0000").And.Not.Contain("\r"));
        Assert.That(text, Does.Contain("\\u001B[31mred"));
        Assert.That(text, Does.EndWith("exit 1: failed\n"));
    }

    [Test]
    public void ConsoleSummary_TotalsMatchTheVerdictCounts()
    {
        var text = ConsoleSummary.Render(RunFixture.Build());
        Assert.That(text, Does.Contain("node-sdk — score 70% (7/10 MUST)"));
        Assert.That(text, Does.Contain("total        7     2           0     0        1              0        2"));
    }
}
