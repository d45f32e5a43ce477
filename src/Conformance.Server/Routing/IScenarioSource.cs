namespace Conformance.Server.Routing;

/// <summary>The scenarios the server can serve. Implementations may change over time (hot reload).</summary>
public interface IScenarioSource
{
    ServedScenario? Find(string id);

    /// <summary>Ids close to <paramref name="id"/>, best first, for "did you mean" errors.</summary>
    IReadOnlyList<string> CloseMatches(string id);

    IReadOnlyList<ServedScenario> All { get; }
}
