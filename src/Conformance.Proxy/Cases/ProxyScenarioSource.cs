using Conformance.Core.Dialects;
using Conformance.Server.Routing;

namespace Conformance.Proxy.Cases;

/// <summary>Serves the proxy cases' plans from the mock (every attempt gets the same plan).</summary>
public sealed class ProxyScenarioSource(IReadOnlyList<ProxyCase> cases) : IScenarioSource
{
    private readonly Dictionary<string, ServedScenario> _byId = cases.ToDictionary(
        c => c.Id, c => new ServedScenario(c.Id, c.Title, DialectCatalog.OpenAiChat, _ => c.Plan));

    public ServedScenario? Find(string id) => _byId.GetValueOrDefault(id);

    public IReadOnlyList<string> CloseMatches(string id) => [.. _byId.Keys.Where(k => k.StartsWith(id.Split('.')[0], StringComparison.Ordinal)).Order()];

    public IReadOnlyList<ServedScenario> All => [.. _byId.Values];
}
