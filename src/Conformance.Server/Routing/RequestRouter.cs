using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Core.Dialects;
using Conformance.Server.Http;
using Conformance.Server.Journal;

namespace Conformance.Server.Routing;

/// <summary>
/// Maps a request to a <see cref="Route"/>. Each scenario is reachable three ways:
/// <c>/s/{scenarioId}/v1/…</c>, <c>/v1/…</c> with <c>"model": "{scenarioId}"</c> (a stock SDK pointed at the
/// base URL picks a scenario with no custom header; GET takes <c>?model=</c>), and per-case
/// <c>/c/{caseId}/v1/…</c> allocated by a runner, each with its own attempt counter. Any other path goes to
/// WireMock first (users' stubs win); below a <c>/v1</c> base, what no stub matches gets the model list
/// (<see cref="ModelsEndpoint"/>) or an OpenAI-shaped 404 listing <see cref="Endpoints"/>.
/// </summary>
public sealed class RequestRouter(IScenarioSource scenarios, JournalStore journal, ControlApi control)
{
    public const string ControlPrefix = "/__conformance";

    public Route Resolve(HttpRequest request)
    {
        if (request.Path.StartsWith(ControlPrefix, StringComparison.Ordinal))
            return request.Method == "OPTIONS" ? new Route.Fixed(Cors.Preflight(request)) : new Route.Fixed(control.Handle(request));

        var path = ParseScenarioPath(request.Path);
        if (path is null) return new Route.Backend(Unmatched(request));

        if (request.Method == "OPTIONS") return new Route.Fixed(Cors.Preflight(request));
        if (request.Method is not ("POST" or "GET"))
            return Fixed(JsonResponses.Error(405, $"Method {request.Method} is not allowed on {request.Path}; use POST (or GET for EventSource clients).",
                "method_not_allowed", headers: [new("Allow", "GET, POST, OPTIONS")]));

        switch (path.Kind)
        {
            case "c":
            {
                var recorder = journal.Find(path.Key!);
                if (recorder is null) return Fixed(UnknownCase(path.Key!));
                var served = scenarios.Find(recorder.ScenarioId);
                if (served is null)
                    return Fixed(JsonResponses.Error(404, $"Case '{path.Key}' refers to scenario '{recorder.ScenarioId}', which is no longer loaded.", "scenario_not_found"));
                return Check(served, path) ?? new Route.Scenario(served, recorder);
            }
            case "s":
                return ByScenarioId(path.Key!, path);
            default:
            {
                Core.Wire.ResponsePlan? bodyError = null;
                var model = path.Model ?? ModelOf(request, out bodyError);
                if (bodyError is not null) return Fixed(bodyError);
                if (string.IsNullOrEmpty(model))
                    return Fixed(JsonResponses.Error(400,
                        "No scenario selected: set \"model\" to a scenario id (or use /s/{scenarioId}/v1/…).", "model_required"));
                return ByScenarioId(model, path);
            }
        }
    }

    /// <summary>The endpoints a client can call below a <c>/v1</c> base (listed in the 404 for any other path).</summary>
    public static IReadOnlyList<string> Endpoints { get; } =
    [
        .. DialectCatalog.All.SelectMany(d => d.Endpoints).Select(e => e.ToString()),
        "GET /v1/models",
        "GET /v1/models/{model}",
    ];

    /// <summary>
    /// What a path below a <c>/v1</c> base gets when no WireMock stub matches it: the model list, a CORS
    /// preflight, or an OpenAI-shaped 404 naming the endpoints. Null for other paths (WireMock's own 404 stands).
    /// </summary>
    private Core.Wire.ResponsePlan? Unmatched(HttpRequest request)
    {
        if (ParseV1Path(request.Path) is not { } v1) return null;
        if (request.Method == "OPTIONS") return Cors.Preflight(request);
        if (v1.Rest is ["models"] or ["models", _])
        {
            ServedScenario? scope = null;
            switch (v1.Kind)
            {
                case "s":
                    scope = scenarios.Find(v1.Key!);
                    if (scope is null) return UnknownScenario(v1.Key!);
                    break;
                case "c":
                    var recorder = journal.Find(v1.Key!);
                    scope = recorder is null ? null : scenarios.Find(recorder.ScenarioId);
                    if (scope is null) return UnknownCase(v1.Key!);
                    break;
            }
            return ModelsEndpoint.Handle(request, scenarios, scope, v1.Rest.Length == 2 ? v1.Rest[1] : null);
        }
        var prefix = v1.Kind is null ? "" : $" (and the same below /{v1.Kind}/{v1.Key}/v1)";
        return JsonResponses.Error(404,
            $"Invalid URL ({request.Method} {request.Path}). This mock server answers {string.Join(", ", Endpoints)}{prefix}; " +
            "\"model\" names the scenario. GET /v1/models lists them.",
            "unknown_url", extra: new JsonObject { ["endpoints"] = new JsonArray([.. Endpoints.Select(e => (JsonNode)e!)]) });
    }

    private Route ByScenarioId(string id, Route.ScenarioPath path)
    {
        var served = scenarios.Find(id);
        if (served is null) return Fixed(UnknownScenario(id));
        return Check(served, path) ?? new Route.Scenario(served, journal.Implicit(served.Id));
    }

    private static Core.Wire.ResponsePlan UnknownCase(string id) =>
        JsonResponses.Error(404, $"Unknown case '{id}'. Cases are allocated by a runner (POST {ControlPrefix}/cases).", "case_not_found");

    private Core.Wire.ResponsePlan UnknownScenario(string id)
    {
        var close = scenarios.CloseMatches(id);
        var hint = close.Count > 0 ? " Did you mean: " + string.Join(", ", close) + "?" : "";
        return JsonResponses.Error(404, $"Unknown scenario '{id}'.{hint}", "scenario_not_found",
            extra: new JsonObject { ["close_matches"] = new JsonArray([.. close.Select(c => (JsonNode)c!)]) });
    }

    private static Route? Check(ServedScenario served, Route.ScenarioPath path) =>
        served.Api == path.Api
            ? null
            : Fixed(JsonResponses.Error(400,
                $"Scenario '{served.Id}' answers {served.Api.Name} at /{served.Api.Endpoints[0].PathFor(served.Id)}, not /{path.Endpoint.PathFor(served.Id)}.",
                "wrong_endpoint"));

    private static Route.Fixed Fixed(Core.Wire.ResponsePlan plan) => new(plan);

    /// <summary>The scenario named by the body's <c>model</c> (POST) or <c>?model=</c> (GET).</summary>
    private static string? ModelOf(HttpRequest request, out Core.Wire.ResponsePlan? error)
    {
        error = null;
        if (request.QueryValue("model") is { } fromQuery) return fromQuery;
        if (request.Body.Length == 0) return null;
        try
        {
            using var doc = JsonDocument.Parse(request.Body);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                   && doc.RootElement.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String
                ? m.GetString()
                : null;
        }
        catch (JsonException ex)
        {
            error = JsonResponses.Error(400, $"The request body is not valid JSON: {ex.Message}", "invalid_json");
            return null;
        }
    }

    internal static Route.V1Path? ParseV1Path(string rawPath)
    {
        var segments = rawPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        if (segments.Length >= 1 && segments[0] == "v1") return new Route.V1Path(null, null, segments[1..]);
        if (segments.Length >= 3 && segments[0] is "s" or "c" && segments[2] == "v1") return new Route.V1Path(segments[0], segments[1], segments[3..]);
        return null;
    }

    internal static Route.ScenarioPath? ParseScenarioPath(string rawPath)
    {
        var segments = rawPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        // /s/{id}/{endpoint…}, /c/{id}/{endpoint…}, /{endpoint…}: the endpoints are the dialects' (DialectCatalog).
        if (segments.Length >= 3 && segments[0] is "s" or "c" && DialectCatalog.FromPath(segments[2..]) is { } keyed)
            return new Route.ScenarioPath(segments[0], segments[1], keyed.Dialect, keyed.Endpoint, null);
        if (DialectCatalog.FromPath(segments) is { } plain)
            return new Route.ScenarioPath("model", null, plain.Dialect, plain.Endpoint, plain.Model);
        return null;
    }
}
