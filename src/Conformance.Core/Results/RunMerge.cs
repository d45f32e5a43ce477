namespace Conformance.Core.Results;

/// <summary>
/// Joins the results of the shards of one run (<c>run --shard i/n</c>, <c>merge</c>) into the run they are parts of. Runs of
/// different tool versions or catalogues are not parts of one run, and neither are runs that hold the same case twice or a
/// set of shards with one missing: each is refused with every reason, since a merged report must not read as whole when it is not.
/// </summary>
public static class RunMerge
{
    /// <summary>The merged run, or the reasons it cannot be made (each naming the input by <paramref name="names"/>).</summary>
    public static (RunResult? Run, IReadOnlyList<string> Errors) Merge(IReadOnlyList<RunResult> runs, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(names);
        var errors = new List<string>();
        if (runs.Count == 0) return (null, ["nothing to merge"]);
        string Each<T>(Func<RunResult, T> pick) => string.Join(", ", runs.Select((r, i) => $"{names[i]}: {pick(r)?.ToString() ?? "none"}"));

        if (runs.Any(r => r.Tool is null) || runs.Select(r => r.Tool?.Version).Distinct().Count() > 1)
            errors.Add($"the results come from different tool versions ({Each(r => r.Tool?.Version)}); run every shard with the same build");
        if (runs.Any(r => r.Catalogue is null) || runs.Select(r => r.Catalogue?.Hash).Distinct().Count() > 1)
            errors.Add($"the results were scored on different catalogues ({Each(r => r.Catalogue?.Hash)}); run every shard on the same scenarios and rules");
        var shards = runs.Where(r => r.Shard is not null).Select(r => r.Shard!).ToList();
        if (shards.Count > 0)
        {
            if (shards.Count != runs.Count || shards.Select(s => s.Count).Distinct().Count() > 1)
                errors.Add($"the results are not shards of one run ({Each(r => r.Shard)})");
            else
            {
                var count = shards[0].Count;
                var twice = shards.GroupBy(s => s.Index).Where(g => g.Count() > 1).Select(g => $"{g.Key}/{count}").ToList();
                var missing = Enumerable.Range(1, count).Except(shards.Select(s => s.Index)).Select(i => $"{i}/{count}").ToList();
                if (twice.Count > 0) errors.Add($"shard {string.Join(", ", twice)} given twice");
                if (missing.Count > 0) errors.Add($"shard {string.Join(", ", missing)} missing: a merged report would not hold every case");
            }
        }
        var duplicates = runs.SelectMany(r => r.Cases).GroupBy(c => (c.Client, c.ScenarioId)).Where(g => g.Count() > 1).Select(g => $"{g.Key.Client} × {g.Key.ScenarioId}").ToList();
        if (duplicates.Count > 0) errors.Add($"{duplicates.Count} case(s) appear in more than one input (e.g. {string.Join(", ", duplicates.Take(3))})");
        var clientsByName = runs.SelectMany(r => r.Clients).GroupBy(c => c.Name, StringComparer.Ordinal).ToList();
        foreach (var g in clientsByName.Where(g => g.Distinct().Count() > 1))
            errors.Add($"client '{g.Key}' was not the same client in every input (target, profile or capabilities differ)");
        if (errors.Count > 0) return (null, errors);

        var clients = clientsByName.Select(g => g.First()).ToList();
        var order = clients.Select((c, i) => (c.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var start = runs.Min(r => r.StartedAt);
        var end = runs.Max(r => r.StartedAt.AddMilliseconds(r.DurationMs));
        return (new RunResult
        {
            Tool = runs[0].Tool,
            Catalogue = runs[0].Catalogue,
            StartedAt = start,
            DurationMs = Math.Round((end - start).TotalMilliseconds, 1),
            Interrupted = runs.Any(r => r.Interrupted),
            Clients = clients,
            Rules = [.. runs.SelectMany(r => r.Rules).GroupBy(r => r.Id, StringComparer.Ordinal).Select(g => g.First()).OrderBy(r => r.Id, StringComparer.Ordinal)],
            // The order one run has: client by client, scenarios by id.
            Cases = [.. runs.SelectMany(r => r.Cases).OrderBy(c => order[c.Client]).ThenBy(c => c.ScenarioId, StringComparer.Ordinal)],
        }, []);
    }
}
