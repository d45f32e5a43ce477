using System.Text.Json.Nodes;
using Conformance.Core.Scenarios;
using Conformance.Core.Wire;
using Conformance.Server.Http;

namespace Conformance.Server.Routing;

/// <summary>
/// <c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>: the scenarios as models (id = scenario id, title as
/// the description), so a chat UI or an SDK helper that lists models first can pick a scenario from its
/// menu. The shape follows the caller: Anthropic's (<c>{"data":[{"type":"model",…}],"has_more",…}</c>) when
/// the request carries <c>anthropic-version</c>, or <c>x-api-key</c> without <c>Authorization</c>; OpenAI's
/// (<c>{"object":"list","data":[{"object":"model",…}]}</c>) otherwise. The list holds the scenarios of that
/// provider's APIs (the ones the caller can stream from); retrieving one by id works for any scenario.
/// </summary>
public static class ModelsEndpoint
{
    /// <summary>Fixed, like the generated chunks' <c>created</c> (2025-01-01T00:00:00Z): identical bytes on every run.</summary>
    private const long Created = 1735689600;
    private const string CreatedAt = "2025-01-01T00:00:00Z";
    private const string OwnedBy = "conformance";

    public static bool IsAnthropic(HttpRequest request) =>
        request.Header("anthropic-version") is not null
        || (request.Header("x-api-key") is not null && request.Header("Authorization") is null);

    /// <summary>
    /// Answers a request for <c>models</c> (<paramref name="id"/> null) or <c>models/{id}</c>.
    /// <paramref name="scope"/> is what the base URL names: every scenario for <c>/v1</c>, one for
    /// <c>/s/{scenarioId}/v1</c> or <c>/c/{caseId}/v1</c> (then the list is that scenario, whatever its provider).
    /// </summary>
    public static ResponsePlan Handle(HttpRequest request, IScenarioSource scenarios, ServedScenario? scope, string? id)
    {
        var anthropic = IsAnthropic(request);
        if (request.Method != "GET")
        {
            var message = $"Method {request.Method} is not allowed on {request.Path}; models are listed with GET.";
            IReadOnlyList<KeyValuePair<string, string>> allow = [new("Allow", "GET, OPTIONS")];
            return anthropic
                ? JsonResponses.AnthropicError(405, "invalid_request_error", message, allow)
                : JsonResponses.Error(405, message, "method_not_allowed", headers: allow);
        }

        if (id is not null)
        {
            var found = scope is not null ? (scope.Id == id ? scope : null) : scenarios.Find(id);
            if (found is not null) return JsonResponses.Json(200, anthropic ? AnthropicModel(found) : OpenAiModel(found));
            var close = scope is not null ? [scope.Id] : scenarios.CloseMatches(id);
            var hint = close.Count > 0 ? " Did you mean: " + string.Join(", ", close) + "?" : "";
            return anthropic
                ? JsonResponses.AnthropicError(404, "not_found_error", $"model: {id} is not a scenario here.{hint}")
                : JsonResponses.Error(404, $"The model '{id}' does not exist: models here are scenario ids.{hint}", "model_not_found",
                    extra: new JsonObject { ["close_matches"] = new JsonArray([.. close.Select(c => (JsonNode)c!)]) });
        }

        var provider = anthropic ? "anthropic" : "openai";
        var listed = scope is not null ? [scope] : scenarios.All.Where(s => s.Api.Provider == provider).ToList();
        return anthropic ? AnthropicList(request, listed) : JsonResponses.Json(200, new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. listed.Select(s => (JsonNode)OpenAiModel(s))]),
        });
    }

    private static JsonObject OpenAiModel(ServedScenario s) => new()
    {
        ["id"] = s.Id,
        ["object"] = "model",
        ["created"] = Created,
        ["owned_by"] = OwnedBy,
        // Not in OpenAI's model object; SDKs keep unknown fields, and a menu can show it.
        ["description"] = s.Title,
    };

    private static JsonObject AnthropicModel(ServedScenario s) => new()
    {
        ["type"] = "model",
        ["id"] = s.Id,
        ["display_name"] = s.Title,
        ["created_at"] = CreatedAt,
    };

    /// <summary>Anthropic's cursor paging: <c>limit</c> (1–1000), <c>after_id</c>, <c>before_id</c>. Without <c>limit</c>, one page holds every model.</summary>
    private static ResponsePlan AnthropicList(HttpRequest request, IReadOnlyList<ServedScenario> all)
    {
        var limit = all.Count;
        if (request.QueryValue("limit") is { } text)
        {
            if (!int.TryParse(text, out limit) || limit is < 1 or > 1000)
                return JsonResponses.AnthropicError(400, "invalid_request_error", $"limit: must be an integer from 1 to 1000, found '{text}'");
        }
        var after = request.QueryValue("after_id");
        var before = request.QueryValue("before_id");
        List<ServedScenario> page;
        bool hasMore;
        if (before is not null)
        {
            var end = IndexOf(all, before, before: true);
            var start = Math.Max(0, end - limit);
            page = all.Take(end).Skip(start).ToList();
            hasMore = start > 0;
        }
        else
        {
            var start = after is null ? 0 : IndexOf(all, after, before: false) + 1;
            page = all.Skip(start).Take(limit).ToList();
            hasMore = start + page.Count < all.Count;
        }
        return JsonResponses.Json(200, new JsonObject
        {
            ["data"] = new JsonArray([.. page.Select(s => (JsonNode)AnthropicModel(s))]),
            ["has_more"] = hasMore,
            ["first_id"] = page.Count > 0 ? page[0].Id : null,
            ["last_id"] = page.Count > 0 ? page[^1].Id : null,
        });
    }

    /// <summary>Position of a cursor id. An unknown one (a scenario removed by a reload) gives an empty page: past the end for
    /// <c>after_id</c>, before the start for <c>before_id</c>.</summary>
    private static int IndexOf(IReadOnlyList<ServedScenario> all, string id, bool before)
    {
        for (var i = 0; i < all.Count; i++)
            if (all[i].Id == id) return i;
        return before ? 0 : all.Count;
    }
}
