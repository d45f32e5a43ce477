using Conformance.Core.Reports;

namespace Conformance.Tests.Reports;

public sealed class MarkdownReporterTests
{
    [Test]
    public void Markdown_ListsScoreAndOneLinePerFailingRule()
    {
        var md = MarkdownReporter.Render(RunFixture.Build());
        Assert.That(md, Does.Contain("| node-sdk | 70% (7/10 MUST) |"));
        Assert.That(md, Does.Contain("- **FAIL** `encoding.split-utf8` › `sse.utf8.split` — the character é split"));
        Assert.That(md, Does.Contain("### browser-fetch"));
    }

    [Test]
    public void Markdown_HostileText_IsInert()
    {
        var md = MarkdownReporter.Render(RunFixture.Build());
        Assert.That(md, Does.Not.Contain("<script>").And.Not.Contain("<img"));
        Assert.That(md, Does.Not.Contain("\u0000").And.Not.Contain("\u001b"));
        var failingLines = md.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal));
        Assert.That(failingLines.All(l => !l.Contains('\r')), "one line each");
    }
}
