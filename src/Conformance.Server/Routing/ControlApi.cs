using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Core.Results;
using Conformance.Core.Scenarios;
using Conformance.Core.Wire;
using Conformance.Server.Http;
using Conformance.Server.Journal;

namespace Conformance.Server.Routing;

/// <summary>
/// The server's own HTTP API under <c>/__conformance</c>: the catalogue, case allocation for runners
/// written in other languages, and every case's journal (the wire transcript verdicts cite).
/// </summary>
public sealed class ControlApi(IScenarioSource scenarios, JournalStore journal, Func<Uri> baseUrl)
{
    public ResponsePlan Handle(HttpRequest request)
    {
        var rest = request.Path[RequestRouter.ControlPrefix.Length..].Trim('/');
        var parts = rest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return (request.Method, parts) switch
        {
            ("GET", ["health"]) => JsonResponses.Json(200, new JsonObject { ["status"] = "ok", ["scenarios"] = scenarios.All.Count }),
            ("GET", ["scenarios"]) => JsonResponses.Json(200, new JsonArray([.. scenarios.All.Select(s => (JsonNode)new JsonObject
            {
                ["id"] = s.Id,
                ["title"] = s.Title,
                ["api"] = s.Api.Name,
                ["url"] = $"{baseUrl()}s/{s.Id}/{s.Api.Endpoints[0].PathFor(s.Id)}",
            })])),
            ("GET", ["cases"]) => JsonResponses.Json(200, new JsonArray([.. journal.All.Select(c => (JsonNode)new JsonObject
            {
                ["caseId"] = c.CaseId,
                ["scenarioId"] = c.ScenarioId,
                ["attempts"] = c.Attempts,
            })])),
            ("POST", ["cases"]) => Allocate(request),
            ("GET", ["cases", var id]) => journal.Find(id) is { } c
                ? JsonResponses.Bytes(200, "application/json", JsonSerializer.SerializeToUtf8Bytes(c.Snapshot(), ResultsJson.Options))
                : JsonResponses.Error(404, $"Unknown case '{id}'.", "case_not_found"),
            ("DELETE", ["cases", var id]) => journal.Release(id)
                ? JsonResponses.Json(200, new JsonObject { ["released"] = id })
                : JsonResponses.Error(404, $"Unknown case '{id}'.", "case_not_found"),
            _ => JsonResponses.Error(404, $"No control endpoint {request.Method} {request.Path}. Try GET {RequestRouter.ControlPrefix}/scenarios.", "not_found"),
        };
    }

    private ResponsePlan Allocate(HttpRequest request)
    {
        string? id = null;
        try
        {
            id = JsonNode.Parse(request.Body)?["scenario"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return JsonResponses.Error(400, $"Expected {{\"scenario\":\"<id>\"}}: {ex.Message}", "invalid_json");
        }
        if (id is null) return JsonResponses.Error(400, "Expected {\"scenario\":\"<id>\"}.", "scenario_required");
        var served = scenarios.Find(id);
        if (served is null) return JsonResponses.Error(404, $"Unknown scenario '{id}'.", "scenario_not_found");
        var recorder = journal.Allocate(id);
        return JsonResponses.Json(201, new JsonObject
        {
            ["caseId"] = recorder.CaseId,
            ["baseUrl"] = $"{baseUrl()}c/{recorder.CaseId}/{served.Api.Endpoints[0].Base}",
            ["api"] = served.Api.Name,
        });
    }
}
