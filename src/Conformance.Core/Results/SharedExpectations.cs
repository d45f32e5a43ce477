using System.Text.Json;
using Conformance.Core.Scoring;

namespace Conformance.Core.Results;

/// <summary>
/// Names each distinct expectation of a run once (<c>expectations</c> in results.json): the expectation depends on the
/// scenario and the profile only, so every client of a scenario under one profile shares it. Keys are
/// <c>scenario@profile</c> (then <c>#2</c>, … should two differ); equal means equal JSON.
/// </summary>
internal sealed class SharedExpectations
{
    private readonly Dictionary<Expectation, string> _byInstance = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, (string Json, Expectation Value)> _byId = new(StringComparer.Ordinal);

    public string Id(CaseResult c)
    {
        if (_byInstance.TryGetValue(c.Expectation, out var known)) return known;
        var json = JsonSerializer.Serialize(c.Expectation, ResultsJson.Options);
        var key = $"{c.ScenarioId}@{c.Expectation.Profile}";
        for (var n = 2; _byId.TryGetValue(key, out var existing) && existing.Json != json; n++) key = $"{c.ScenarioId}@{c.Expectation.Profile}#{n}";
        _byId.TryAdd(key, (json, c.Expectation));
        _byInstance[c.Expectation] = key;
        return key;
    }

    public IReadOnlyDictionary<string, Expectation> All =>
        new SortedDictionary<string, Expectation>(_byId.ToDictionary(kv => kv.Key, kv => kv.Value.Value), StringComparer.Ordinal);
}
