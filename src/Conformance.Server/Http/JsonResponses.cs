using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Core.Wire;

namespace Conformance.Server.Http;

/// <summary>Plain JSON responses: the server's own errors (OpenAI-shaped) and the control API's answers.</summary>
public static class JsonResponses
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An OpenAI-shaped error: <c>{"error":{"message","type","param","code"}}</c>.</summary>
    public static ResponsePlan Error(int status, string message, string code, string type = "invalid_request_error",
        IReadOnlyList<KeyValuePair<string, string>>? headers = null, JsonNode? extra = null)
    {
        var error = new JsonObject
        {
            ["message"] = message,
            ["type"] = type,
            ["param"] = null,
            ["code"] = code,
        };
        if (extra is JsonObject more)
            foreach (var (k, v) in more.ToList()) { more.Remove(k); error[k] = v; }
        return Json(status, new JsonObject { ["error"] = error }, headers);
    }

    /// <summary>An Anthropic-shaped error: <c>{"type":"error","error":{"type","message"}}</c>.</summary>
    public static ResponsePlan AnthropicError(int status, string type, string message,
        IReadOnlyList<KeyValuePair<string, string>>? headers = null) =>
        Json(status, new JsonObject
        {
            ["type"] = "error",
            ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
        }, headers);

    public static ResponsePlan Json(int status, JsonNode body, IReadOnlyList<KeyValuePair<string, string>>? headers = null) =>
        Bytes(status, "application/json", Encoding.UTF8.GetBytes(body.ToJsonString(Indented) + "\n"), headers);

    public static ResponsePlan Bytes(int status, string contentType, byte[] body, IReadOnlyList<KeyValuePair<string, string>>? headers = null) => new()
    {
        Status = status,
        Headers = [new("Content-Type", contentType), .. headers ?? []],
        Framing = BodyFraming.ContentLength,
        Writes = body.Length == 0 ? [] : [new PlannedWrite(body)],
        Ending = ResponseEnding.Clean,
    };
}
