using Conformance.Core.Scenarios;
using Conformance.Core.Wire;
using Conformance.Server.Journal;

namespace Conformance.Server.Routing;

/// <summary>What the server does with one request.</summary>
public abstract record Route
{
    private Route() { }

    /// <summary>Serve the next attempt of a scenario within a case.</summary>
    public sealed record Scenario(ServedScenario Served, CaseRecorder Case) : Route;

    /// <summary>Answer with a fixed response (errors, preflight, control API).</summary>
    public sealed record Fixed(ResponsePlan Plan) : Route;

    /// <summary>Not ours: hand the request to WireMock (users' own stubs, admin API).</summary>
    public sealed record Backend : Route;

    /// <summary>Parsed path of a scenario URL: which prefix and which API endpoint.</summary>
    internal sealed record ScenarioPath(string Kind, string? Key, ApiKind Api);
}
