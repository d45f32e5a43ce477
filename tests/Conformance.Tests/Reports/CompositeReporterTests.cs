using Conformance.Core.Reports;

namespace Conformance.Tests.Reports;

public sealed class CompositeReporterTests
{
    [Test]
    public async Task WriteAll_WritesEveryFormatIntoTheFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "conformance-reports-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = await new CompositeReporter().WriteAllAsync(RunFixture.Build(), Path.Combine(dir, "run"));
            Assert.That(written.Select(Path.GetFileName), Is.EqualTo(new[] { "results.json", "junit.xml", "summary.md", "index.html" }));
            Assert.That(written.All(p => new FileInfo(p).Length > 0));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Parse_UnknownNames_AreAllReportedWithTheirSource()
    {
        var errors = new List<string>();
        var found = Reporters.Parse("json, html,pdf,JUnit,xls", "--format", errors);
        Assert.That(found.Select(r => r.Name), Is.EqualTo(new[] { "json", "html", "junit" }));
        Assert.That(errors, Is.EqualTo(new[]
        {
            "--format: unknown report format 'pdf' (known: json, junit, markdown, html)",
            "--format: unknown report format 'xls' (known: json, junit, markdown, html)",
        }));
    }

    [Test]
    public void RunFolderName_IsTheSortableStartTime() =>
        Assert.That(CompositeReporter.RunFolderName(RunFixture.Build()), Is.EqualTo("20260102-030405"));
}
