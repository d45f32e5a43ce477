using Conformance.Core.Exploring;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Tests.Support;

namespace Conformance.Tests.Exploring;

/// <summary>The catalogue and small hand-made scenarios the exploring tests share.</summary>
internal static class ExploringFixtures
{
    /// <summary>The scenario `explore` starts from in the proof: CRLF, one event with three data: lines, whole events per write.</summary>
    public const string ProofScenario = "framing.crlf.multiline-event-whole-writes";

    private static readonly Lazy<ScenarioCatalog> LazyCatalog = new(() =>
    {
        var loaded = ScenarioCatalog.LoadDirectory(Repo.Scenarios);
        Assert.That(loaded.Errors, Is.Empty);
        return loaded.Catalog;
    });

    public static ScenarioCatalog Catalog => LazyCatalog.Value;

    public static Scenario Scenario(string id) => Catalog.Find(id) ?? throw new ArgumentException($"no scenario {id}");

    public static PlanSpace Space(string id, Profile? profile = null) =>
        PlanSpace.TryCreate(Scenario(id), profile ?? Profiles.OpenAi).Space ?? throw new ArgumentException($"{id} has no plan space");

    public static PlanSpace Space(Scenario scenario, Profile? profile = null) =>
        PlanSpace.TryCreate(scenario, profile ?? Profiles.OpenAi).Space ?? throw new ArgumentException($"{scenario.Id} has no plan space");

    /// <summary>A small LF scenario: role, a two-line data event, "Grüße", finish, [DONE].</summary>
    public const string SmallJson = """
        {
          "id": "framing.small.example",
          "title": "small",
          "description": "small",
          "rules": ["sse.framing.lf", "llm.content.exact"],
          "api": "openai-chat",
          "responses": [{ "stream": {
            "events": [
              { "role": "assistant", "content": "" },
              { "sse": { "data": "{\"choices\":[{\"index\":0,\n\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}" } },
              { "content": "Grüße" },
              { "finish": "stop" },
              { "done": true }
            ],
            "transport": { "delayMs": 15 }
          } }]
        }
        """;

    public static Scenario Small()
    {
        var (scenario, errors) = ScenarioParser.Parse(SmallJson, "framing/framing.small.example.json");
        Assert.That(errors, Is.Empty);
        return scenario!;
    }

    /// <summary>Every catalogue scenario that has a plan space under <paramref name="profile"/>.</summary>
    public static IEnumerable<PlanSpace> ExplorableSpaces(Profile profile) =>
        Catalog.All.Select(s => PlanSpace.TryCreate(s, profile).Space).OfType<PlanSpace>();
}
