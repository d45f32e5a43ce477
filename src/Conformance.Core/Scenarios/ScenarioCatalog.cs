namespace Conformance.Core.Scenarios;

/// <summary>The loaded scenarios, looked up by id.</summary>
public sealed class ScenarioCatalog
{
    private readonly Dictionary<string, Scenario> _byId;

    public ScenarioCatalog(IEnumerable<Scenario> scenarios)
    {
        All = scenarios.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        _byId = All.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    /// <summary>All scenarios, ordered by id.</summary>
    public IReadOnlyList<Scenario> All { get; }

    public Scenario? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Ids that look like <paramref name="id"/> (substring matches first, then by edit distance), for "did you mean".</summary>
    public IReadOnlyList<string> CloseMatches(string id, int max = 5) =>
        All.Select(s => s.Id)
            .Select(candidate => (candidate, score: candidate.Contains(id, StringComparison.OrdinalIgnoreCase) ? 0 : Levenshtein.Distance(id, candidate)))
            .Where(x => x.score <= Math.Max(3, id.Length / 2))
            .OrderBy(x => x.score).ThenBy(x => x.candidate, StringComparer.Ordinal)
            .Take(max).Select(x => x.candidate).ToList();

    /// <summary>Loads every <c>*.json</c> below <paramref name="dir"/> (except the schema), collecting every error.</summary>
    public static ScenarioLoadResult LoadDirectory(string dir)
    {
        var errors = new List<ScenarioError>();
        var valid = new List<Scenario>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(dir, "*.json", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).EndsWith(".schema.json", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(dir, file).Replace('\\', '/');
            var (scenario, fileErrors) = ScenarioParser.Parse(File.ReadAllText(file), relative);
            errors.AddRange(fileErrors);
            if (scenario is null) continue;
            var family = Path.GetFileName(Path.GetDirectoryName(file)) ?? "";
            var placeErrors = new List<ScenarioError>();
            if (Path.GetDirectoryName(relative) is null or "")
                placeErrors.Add(new(relative, "$.id", "scenario files live in a family folder: scenarios/<family>/<id>.json"));
            else if (scenario.Family != family)
                placeErrors.Add(new(relative, "$.id", $"first segment '{scenario.Family}' must equal the folder '{family}'"));
            if (Path.GetFileName(file) != scenario.Id + ".json")
                placeErrors.Add(new(relative, "$.id", $"file name must be '{scenario.Id}.json'"));
            if (seen.TryGetValue(scenario.Id, out var other))
                placeErrors.Add(new(relative, "$.id", $"duplicate id '{scenario.Id}', also in {other}"));
            errors.AddRange(placeErrors);
            if (placeErrors.Count > 0) continue;
            seen[scenario.Id] = relative;
            valid.Add(scenario with { Family = family, SourcePath = file });
        }
        return new ScenarioLoadResult { Catalog = new ScenarioCatalog(valid), Errors = errors };
    }
}
