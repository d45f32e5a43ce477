using System.Collections.Concurrent;
using Conformance.Core.Scenarios;
using Conformance.Core.Wire;
using Conformance.Server.Routing;

namespace Conformance.Server.Catalog;

/// <summary>Serves a loaded <see cref="ScenarioCatalog"/>. Plans are compiled once per (scenario, attempt): compilation is deterministic.</summary>
public sealed class CatalogScenarioSource : IScenarioSource
{
    private readonly ScenarioCatalog _catalog;
    private readonly Dictionary<string, ServedScenario> _served;

    public CatalogScenarioSource(ScenarioCatalog catalog)
    {
        _catalog = catalog;
        _served = catalog.All.ToDictionary(s => s.Id, Serve, StringComparer.Ordinal);
    }

    public ScenarioCatalog Catalog => _catalog;

    public ServedScenario? Find(string id) => _served.GetValueOrDefault(id);

    public IReadOnlyList<string> CloseMatches(string id) => _catalog.CloseMatches(id);

    public IReadOnlyList<ServedScenario> All => [.. _catalog.All.Select(s => _served[s.Id])];

    private static ServedScenario Serve(Scenario scenario)
    {
        var plans = new ConcurrentDictionary<int, ResponsePlan>();
        var last = Math.Max(1, scenario.Responses.Count);
        return new ServedScenario(scenario.Id, scenario.Title, scenario.Api,
            attempt => plans.GetOrAdd(Math.Clamp(attempt, 1, last), a => ScenarioCompiler.Compile(scenario, a)));
    }
}
