namespace Conformance.Core.Wire;

/// <summary>Standard reason phrases for the status line (Core has no ASP.NET dependency to borrow them from).</summary>
public static class ReasonPhrases
{
    private static readonly Dictionary<int, string> Phrases = new()
    {
        [200] = "OK", [201] = "Created", [202] = "Accepted", [204] = "No Content",
        [301] = "Moved Permanently", [302] = "Found", [304] = "Not Modified",
        [400] = "Bad Request", [401] = "Unauthorized", [403] = "Forbidden", [404] = "Not Found",
        [405] = "Method Not Allowed", [408] = "Request Timeout", [409] = "Conflict", [413] = "Content Too Large",
        [415] = "Unsupported Media Type", [422] = "Unprocessable Content", [429] = "Too Many Requests",
        [500] = "Internal Server Error", [501] = "Not Implemented", [502] = "Bad Gateway",
        [503] = "Service Unavailable", [504] = "Gateway Timeout", [529] = "Overloaded",
    };

    /// <summary>The standard phrase, or "Unknown" for codes without one.</summary>
    public static string For(int status) => Phrases.TryGetValue(status, out var phrase) ? phrase : "Unknown";
}
