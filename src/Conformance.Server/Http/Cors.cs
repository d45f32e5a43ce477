using Conformance.Core.Wire;

namespace Conformance.Server.Http;

/// <summary>
/// CORS for browser clients: any origin, any header (SDKs add x-stainless-* headers and so always
/// preflight). Allow-Headers echoes what was asked, because "*" does not cover Authorization.
/// </summary>
public static class Cors
{
    public static IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders(HttpRequest request) =>
    [
        new("Access-Control-Allow-Origin", request.Header("Origin") ?? "*"),
        new("Access-Control-Expose-Headers", "*"),
        new("Vary", "Origin"),
    ];

    public static ResponsePlan Preflight(HttpRequest request) => new()
    {
        Status = 204,
        Headers =
        [
            new("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
            new("Access-Control-Allow-Headers", request.Header("Access-Control-Request-Headers") ?? "*"),
            new("Access-Control-Max-Age", "600"),
        ],
        Framing = BodyFraming.ContentLength,
        Writes = [],
        Ending = ResponseEnding.Clean,
    };
}
