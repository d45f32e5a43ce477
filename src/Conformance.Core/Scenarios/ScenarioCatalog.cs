using Conformance.Core.Diagnostics;

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

    /// <summary>
    /// Loads every <c>*.json</c> below <paramref name="dir"/> (except the schema), collecting every error: a file or
    /// folder that cannot be read is an error with its path, like a file that does not parse, never an exception.
    /// </summary>
    public static ScenarioLoadResult LoadDirectory(string dir)
    {
        var errors = new List<ScenarioError>();
        var valid = new List<Scenario>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = JsonFiles(dir, errors)
            .Where(f => !Path.GetFileName(f).EndsWith(".schema.json", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(dir, file).Replace('\\', '/');
            string text;
            try { text = File.ReadAllText(file); }
            catch (Exception ex) when (IoErrors.IsIo(ex))
            {
                errors.Add(new(relative, "$", $"cannot read the file: {IoErrors.Reason(ex)}"));
                continue;
            }
            var (scenario, fileErrors) = ScenarioParser.Parse(text, relative);
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

    /// <summary>Every *.json below <paramref name="dir"/>, folder by folder (following links, as Directory.EnumerateFiles does), so one unreadable folder is one error and the rest still loads.</summary>
    private static List<string> JsonFiles(string dir, List<ScenarioError> errors)
    {
        var files = new List<string>();
        var pending = new Stack<string>();
        pending.Push(dir);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            try
            {
                files.AddRange(Directory.GetFiles(folder, "*.json"));
                foreach (var sub in Directory.GetDirectories(folder)) pending.Push(sub);
            }
            catch (Exception ex) when (IoErrors.IsIo(ex))
            {
                var relative = folder == dir ? dir : Path.GetRelativePath(dir, folder).Replace('\\', '/');
                errors.Add(new(relative.TrimEnd('/') + "/", "$", $"cannot read the folder: {IoErrors.Reason(ex)}"));
            }
        }
        return files;
    }
}
