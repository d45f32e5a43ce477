using Conformance.Core.Journal;

namespace Conformance.Core.Results;

/// <summary>
/// Gives every response of a run the body it shares with others of its scenario: the server writes the same bytes
/// to every client of a scenario, and a client that leaves early got a prefix of them. A response names a stored
/// body only when each of its writes reads back from it exactly as kept (<see cref="StoredBody.Reproduces"/>), so
/// sharing never adds or changes a byte; bodies are tried longest first, so a prefix finds the whole.
/// </summary>
internal sealed class SharedBodies
{
    private readonly Dictionary<JournalResponse, string> _ids = new(ReferenceEqualityComparer.Instance);
    private readonly SortedDictionary<string, StoredBody> _all = new(StringComparer.Ordinal);

    public SharedBodies(IEnumerable<CaseResult> cases)
    {
        var byScenario = cases
            .SelectMany((c, order) => c.Journal.Exchanges.Where(x => x.Response is { Writes.Count: > 0 }).Select(x => (c.ScenarioId, Response: x.Response!, order)))
            .Where(x => x.Response.Writes.Any(w => w.Bytes.Length > 0))
            .GroupBy(x => x.ScenarioId, StringComparer.Ordinal);
        foreach (var scenario in byScenario)
        {
            var bodies = new List<(string Id, StoredBody Body)>();
            foreach (var (_, response, _) in scenario.OrderByDescending(x => x.Response.Writes.Sum(w => (long)w.Bytes.Length)).ThenBy(x => x.order))
            {
                var found = bodies.FirstOrDefault(b => b.Body.Reproduces(response.Writes));
                if (found.Id is null)
                {
                    found = ($"{scenario.Key}#{bodies.Count + 1}", StoredBody.Of(response.Writes));
                    bodies.Add(found);
                    _all[found.Id] = found.Body;
                }
                _ids[response] = found.Id;
            }
        }
    }

    public string? Id(JournalResponse response) => _ids.GetValueOrDefault(response);

    public IReadOnlyDictionary<string, StoredBody> All => _all;
}
