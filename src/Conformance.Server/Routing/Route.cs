using Conformance.Core.Dialects;
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

    /// <summary>
    /// Not a scenario: hand the request to WireMock (users' own stubs, admin API). When WireMock has no mapping
    /// for it, answer <see cref="Unmatched"/> instead of WireMock's own 404, if set (paths below a <c>/v1</c> base:
    /// the model list, or an OpenAI-shaped 404 naming the endpoints that exist).
    /// </summary>
    public sealed record Backend(ResponsePlan? Unmatched = null) : Route;

    /// <summary>Parsed path of a scenario URL: which prefix and which API endpoint.</summary>
    internal sealed record ScenarioPath(string Kind, string? Key, IDialect Api, DialectEndpoint Endpoint, string? Model);

    /// <summary>A path below one of the <c>/v1</c> bases: its prefix (<c>s</c>, <c>c</c> or none), the prefix's key, and the segments after <c>v1</c>.</summary>
    internal sealed record V1Path(string? Kind, string? Key, string[] Rest);
}
