using Conformance.Core.Scenarios;

namespace Conformance.Tests.Scenarios;

public sealed class ScenarioDocsTests
{
    [Test]
    public void Docs_CompleteExample_ParsesAndCompiles()
    {
        var doc = File.ReadAllText(Path.Combine(ScenarioJson.RepoRoot(), "docs", "scenario-language.md"));
        var section = doc[doc.IndexOf("## A complete example", StringComparison.Ordinal)..];
        var start = section.IndexOf("```jsonc", StringComparison.Ordinal) + "```jsonc".Length;
        var json = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
        var (scenario, errors) = ScenarioParser.Parse(json, "docs.json");
        Assert.That(errors, Is.Empty, string.Join("\n", errors));
        var plan = ScenarioCompiler.Compile(scenario!, 2);
        Assert.That(plan.Writes.Any(w => w.DelayMs == 200), Is.True);
        Assert.That(plan.Writes[0].Bytes.Span[^1], Is.EqualTo((byte)'\r'));
    }
}
