using Conformance.Core.Gating;
using Conformance.Core.Reports;

namespace Conformance.Tests.Reports;

/// <summary>Every format rendered from the fixed fixture run (three clients, one hostile) against its committed snapshot.</summary>
public sealed class ReporterSnapshotTests
{
    [Test]
    public void Json_MatchesSnapshot() => Snapshot.Verify(Indented(ReportRender.Render(Reporters.Json, RunFixture.Build())), "results", "json");

    /// <summary>results.json is written without indentation; the snapshot is indented so that a change reads as a diff.</summary>
    private static string Indented(string json) =>
        System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString(new System.Text.Json.JsonSerializerOptions(Conformance.Core.Results.ResultsJson.Options) { WriteIndented = true }) + "\n";

    [Test]
    public void JUnit_MatchesSnapshot() => Snapshot.Verify(ReportRender.Render(Reporters.JUnit, RunFixture.Build()), "junit", "xml");

    [Test]
    public void Markdown_MatchesSnapshot() => Snapshot.Verify(ReportRender.Render(Reporters.Markdown, RunFixture.Build()), "summary", "md");

    [Test]
    public void Html_MatchesSnapshot() => Snapshot.Verify(ReportRender.Render(Reporters.Html, RunFixture.Build()), "index", "html");

    [Test]
    public void ConsoleSummary_MatchesSnapshot()
    {
        var run = RunFixture.Build();
        Snapshot.Verify(ConsoleSummary.Render(run, GateEvaluator.Evaluate(run)), "console", "txt");
    }

    [Test]
    public void Rendering_IsDeterministic()
    {
        foreach (var r in Reporters.All)
            Assert.That(ReportRender.Render(r, RunFixture.Build()), Is.EqualTo(ReportRender.Render(r, RunFixture.Build())), r.Name);
    }
}
