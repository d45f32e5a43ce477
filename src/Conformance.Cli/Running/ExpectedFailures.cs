using System.Text.Json;
using Conformance.Core.Results;
using Conformance.Core.Scoring;

namespace Conformance.Cli.Running;

/// <summary>
/// What the bundled reference clients must do (clients/expected-failures.json): the careful ones pass
/// every rule, each known-bad one fails exactly the rules its bug breaks. The main job and the
/// regression test both hold a run against it, so `./run.sh` exits 0 when the demo behaves.
/// </summary>
public sealed class ExpectedFailures
{
    private sealed record Entry(string Bug, string[] Rules);

    private readonly Dictionary<string, Entry> _byClient;

    private ExpectedFailures(Dictionary<string, Entry> byClient) => _byClient = byClient;

    public static ExpectedFailures Load(string path) =>
        new(JsonSerializer.Deserialize<Dictionary<string, Entry>>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException($"{path} is empty"));

    public IReadOnlyCollection<string> Clients => _byClient.Keys;

    public string Bug(string client) => _byClient.TryGetValue(client, out var e) ? e.Bug : "";

    public IReadOnlyList<string> Rules(string client) =>
        _byClient.TryGetValue(client, out var e) ? [.. e.Rules.Order(StringComparer.Ordinal)] : [];

    /// <summary>The rules a client did not pass (NON-STRICT or a failure; SKIPPED and NOT RUN judged nothing), sorted.</summary>
    public static IReadOnlyList<string> Broken(RunResult run, string client) =>
        [.. run.Cases.Where(c => c.Client == client)
            .SelectMany(c => c.Verdicts.Where(v => v.Verdict.IsScored() && v.Verdict is not (Verdict.Pass or Verdict.Info)).Select(v => v.RuleId))
            .Distinct().Order(StringComparer.Ordinal)];

    /// <summary>One line per difference between the run and the file; empty when the reference clients behave.</summary>
    /// <param name="partial">The run holds only some of each client's cases (one shard): a rule it does not see broken may be broken in another.</param>
    public IReadOnlyList<string> Differences(RunResult run, bool partial = false)
    {
        var lines = new List<string>();
        foreach (var client in run.Clients.Select(c => c.Name))
        {
            var broken = Broken(run, client);
            var expected = Rules(client);
            var surprising = broken.Except(expected).ToList();
            List<string> missed = partial ? [] : [.. expected.Except(broken)];
            if (surprising.Count > 0) lines.Add($"{client} now breaks {string.Join(", ", surprising)}, which clients/expected-failures.json does not list");
            if (missed.Count > 0) lines.Add($"{client} no longer breaks {string.Join(", ", missed)}: the harness stopped catching its bug ({Bug(client)})");
        }
        return lines;
    }
}
