using Conformance.Core.Scenarios;
using Conformance.Server.Routing;

namespace Conformance.Server.Catalog;

/// <summary>
/// A scenario directory that reloads itself when its files change (for <c>serve</c>): edit a scenario,
/// save, and the next request gets the new bytes. Broken files are reported and left out; the rest keep serving.
/// </summary>
public sealed class ReloadingScenarioSource : IScenarioSource, IDisposable
{
    private readonly string _directory;
    private readonly FileSystemWatcher _watcher;
    private readonly Timer _debounce;
    private volatile CatalogScenarioSource _current;

    public ReloadingScenarioSource(string directory)
    {
        _directory = directory;
        _current = Load(out var errors);
        LastErrors = errors;
        _debounce = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(directory, "*.json") { IncludeSubdirectories = true, EnableRaisingEvents = true };
        _watcher.Changed += (_, _) => Poke();
        _watcher.Created += (_, _) => Poke();
        _watcher.Deleted += (_, _) => Poke();
        _watcher.Renamed += (_, _) => Poke();
    }

    /// <summary>Raised after each reload with the number of scenarios and the errors found.</summary>
    public event Action<int, IReadOnlyList<ScenarioError>>? Reloaded;

    public IReadOnlyList<ScenarioError> LastErrors { get; private set; }

    public ServedScenario? Find(string id) => _current.Find(id);

    public IReadOnlyList<string> CloseMatches(string id) => _current.CloseMatches(id);

    public IReadOnlyList<ServedScenario> All => _current.All;

    private void Poke() => _debounce.Change(200, Timeout.Infinite); // editors write several events per save

    private void Reload()
    {
        _current = Load(out var errors);
        LastErrors = errors;
        Reloaded?.Invoke(_current.All.Count, errors);
    }

    private CatalogScenarioSource Load(out IReadOnlyList<ScenarioError> errors)
    {
        var result = ScenarioCatalog.LoadDirectory(_directory);
        errors = result.Errors;
        return new CatalogScenarioSource(result.Catalog);
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _debounce.Dispose();
    }
}
