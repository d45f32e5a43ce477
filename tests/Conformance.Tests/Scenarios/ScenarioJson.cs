using System.Text;
using Conformance.Core.Scenarios;
using Conformance.Core.Wire;

namespace Conformance.Tests.Scenarios;

/// <summary>Builds small scenario documents for tests and compiles them.</summary>
internal static class ScenarioJson
{
    public static string Stream(string events, string transport = "{}", string api = "openai-chat", string extra = "") => $$"""
        {
          "id": "test.case",
          "title": "t",
          "description": "d",
          "rules": ["test.rule"],
          "api": "{{api}}",
          "responses": [ { {{extra}} "stream": { "events": [ {{events}} ], "transport": {{transport}} } } ]
        }
        """;

    public static Scenario Parse(string json)
    {
        var (scenario, errors) = ScenarioParser.Parse(json, "test.json");
        Assert.That(errors, Is.Empty, string.Join("\n", errors));
        return scenario!;
    }

    public static ResponsePlan Compile(string events, string transport = "{}", string api = "openai-chat", string extra = "") =>
        ScenarioCompiler.Compile(Parse(Stream(events, transport, api, extra)), 1);

    public static string Text(this ResponsePlan plan) => Encoding.UTF8.GetString(plan.Body());

    public static string[] WriteTexts(this ResponsePlan plan) =>
        plan.Writes.Select(w => Encoding.UTF8.GetString(w.Bytes.Span)).ToArray();

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Conformance.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
