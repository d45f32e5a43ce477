using System.Collections.Concurrent;
using Conformance.Core.Scenarios;
using Conformance.Core.Wire;
using Conformance.Server.Routing;

namespace Conformance.Runner.Exploring;

/// <summary>The scenarios an exploration serves: added for one case, removed when it is scored.</summary>
internal sealed class VariantScenarioSource : IScenarioSource
{
    private readonly ConcurrentDictionary<string, (Scenario Scenario, ServedScenario Served)> _byId = new(StringComparer.Ordinal);

    public void Add(Scenario scenario)
    {
        var plans = new ConcurrentDictionary<int, ResponsePlan>();
        var last = Math.Max(1, scenario.Responses.Count);
        var served = new ServedScenario(scenario.Id, scenario.Title, scenario.Api,
            attempt => plans.GetOrAdd(Math.Clamp(attempt, 1, last), a => ScenarioCompiler.Compile(scenario, a)));
        if (!_byId.TryAdd(scenario.Id, (scenario, served))) throw new InvalidOperationException($"scenario '{scenario.Id}' is already being served");
    }

    public void Remove(string id) => _byId.TryRemove(id, out _);

    public ServedScenario? Find(string id) => _byId.TryGetValue(id, out var s) ? s.Served : null;

    public IReadOnlyList<string> CloseMatches(string id) => [];

    public IReadOnlyList<ServedScenario> All => [.. _byId.Values.Select(v => v.Served).OrderBy(s => s.Id, StringComparer.Ordinal)];
}
