using Conformance.Core.Scoring;

namespace Conformance.Core.Results;

/// <summary>
/// The index of results.json: client → scenario id → rule id → verdict, in run order, so a reader
/// (or <c>jq '.index["node"]["framing.split-utf8"]["sse.utf8.split"]'</c>) needs no search through cases.
/// </summary>
public static class ResultsIndex
{
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, Verdict>>> Build(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var byClient = new Dictionary<string, Dictionary<string, Dictionary<string, Verdict>>>(StringComparer.Ordinal);
        foreach (var client in run.Clients) byClient.TryAdd(client.Name, new(StringComparer.Ordinal));
        foreach (var c in run.Cases)
        {
            if (!byClient.TryGetValue(c.Client, out var cases)) byClient[c.Client] = cases = new(StringComparer.Ordinal);
            if (!cases.TryGetValue(c.ScenarioId, out var rules)) cases[c.ScenarioId] = rules = new(StringComparer.Ordinal);
            foreach (var v in c.Verdicts) rules[v.RuleId] = v.Verdict;
        }
        return byClient.ToDictionary(
            kv => kv.Key,
            kv => (IReadOnlyDictionary<string, IReadOnlyDictionary<string, Verdict>>)kv.Value.ToDictionary(
                c => c.Key, c => (IReadOnlyDictionary<string, Verdict>)c.Value, StringComparer.Ordinal),
            StringComparer.Ordinal);
    }
}
