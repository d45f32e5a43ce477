using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Core.Scenarios;
using Conformance.Server.Http;
using Conformance.Server.Journal;

namespace Conformance.Server.Routing;

/// <summary>
/// Maps a request to a <see cref="Route"/>. Each scenario is reachable three ways:
/// <c>/s/{scenarioId}/v1/…</c>, <c>/v1/…</c> with <c>"model": "{scenarioId}"</c> (a stock SDK pointed at the
/// base URL picks a scenario with no custom header; GET takes <c>?model=</c>), and per-case
/// <c>/c/{caseId}/v1/…</c> allocated by a runner, each with its own attempt counter.
/// </summary>
public sealed class RequestRouter(IScenarioSource scenarios, JournalStore journal, ControlApi control)
{
    public const string ControlPrefix = "/__conformance";

    public Route Resolve(HttpRequest request)
    {
        if (request.Path.StartsWith(ControlPrefix, StringComparison.Ordinal))
            return request.Method == "OPTIONS" ? new Route.Fixed(Cors.Preflight(request)) : new Route.Fixed(control.Handle(request));

        var path = ParseScenarioPath(request.Path);
        if (path is null) return new Route.Backend();

        if (request.Method == "OPTIONS") return new Route.Fixed(Cors.Preflight(request));
        if (request.Method is not ("POST" or "GET"))
            return Fixed(JsonResponses.Error(405, $"Method {request.Method} is not allowed on {request.Path}; use POST (or GET for EventSource clients).",
                "method_not_allowed", headers: [new("Allow", "GET, POST, OPTIONS")]));

        switch (path.Kind)
        {
            case "c":
            {
                var recorder = journal.Find(path.Key!);
                if (recorder is null)
                    return Fixed(JsonResponses.Error(404, $"Unknown case '{path.Key}'. Cases are allocated by a runner (POST {ControlPrefix}/cases).", "case_not_found"));
                var served = scenarios.Find(recorder.ScenarioId);
                if (served is null)
                    return Fixed(JsonResponses.Error(404, $"Case '{path.Key}' refers to scenario '{recorder.ScenarioId}', which is no longer loaded.", "scenario_not_found"));
                return Check(served, path) ?? new Route.Scenario(served, recorder);
            }
            case "s":
                return ByScenarioId(path.Key!, path);
            default:
            {
                var model = ModelOf(request, out var bodyError);
                if (bodyError is not null) return Fixed(bodyError);
                if (string.IsNullOrEmpty(model))
                    return Fixed(JsonResponses.Error(400,
                        "No scenario selected: set \"model\" to a scenario id (or use /s/{scenarioId}/v1/…).", "model_required"));
                return ByScenarioId(model, path);
            }
        }
    }

    private Route ByScenarioId(string id, Route.ScenarioPath path)
    {
        var served = scenarios.Find(id);
        if (served is null)
        {
            var close = scenarios.CloseMatches(id);
            var hint = close.Count > 0 ? " Did you mean: " + string.Join(", ", close) + "?" : "";
            return Fixed(JsonResponses.Error(404, $"Unknown scenario '{id}'.{hint}", "scenario_not_found",
                extra: new JsonObject { ["close_matches"] = new JsonArray([.. close.Select(c => (JsonNode)c!)]) }));
        }
        return Check(served, path) ?? new Route.Scenario(served, journal.Implicit(served.Id));
    }

    private static Route? Check(ServedScenario served, Route.ScenarioPath path) =>
        served.Api == path.Api
            ? null
            : Fixed(JsonResponses.Error(400,
                $"Scenario '{served.Id}' answers {served.Api.WireName()} at /v1/{served.Api.Endpoint()}, not /v1/{path.Api.Endpoint()}.",
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

    internal static Route.ScenarioPath? ParseScenarioPath(string rawPath)
    {
        var segments = rawPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        // /s/{id}/v1/{endpoint…}, /c/{id}/v1/{endpoint…}, /v1/{endpoint…}
        if (segments.Length >= 4 && segments[0] is "s" or "c" && segments[2] == "v1"
            && ApiKinds.TryFromEndpoint(string.Join('/', segments[3..]), out var api))
            return new Route.ScenarioPath(segments[0], segments[1], api);
        if (segments.Length >= 2 && segments[0] == "v1" && ApiKinds.TryFromEndpoint(string.Join('/', segments[1..]), out api))
            return new Route.ScenarioPath("model", null, api);
        return null;
    }
}
