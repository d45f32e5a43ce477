namespace Conformance.Server.Http;

/// <summary>One parsed HTTP/1.1 request as read off the socket.</summary>
public sealed record HttpRequest
{
    public required string Method { get; init; }
    /// <summary>Path without the query string, as sent (not decoded).</summary>
    public required string Path { get; init; }
    public string Query { get; init; } = "";
    public required string Version { get; init; }
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }
    public required byte[] Body { get; init; }
    /// <summary>The request exactly as received (head and body), for forwarding.</summary>
    public required byte[] Raw { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }

    public string? Header(string name)
    {
        foreach (var (k, v) in Headers)
            if (string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) return v;
        return null;
    }

    /// <summary>True when the client asked to close after this exchange (or spoke HTTP/1.0 without keep-alive).</summary>
    public bool WantsClose =>
        Header("Connection") is { } c
            ? c.Contains("close", StringComparison.OrdinalIgnoreCase)
            : Version == "HTTP/1.0";

    public string? QueryValue(string name)
    {
        foreach (var pair in Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var key = eq < 0 ? pair : pair[..eq];
            if (Uri.UnescapeDataString(key) == name)
                return eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
        }
        return null;
    }
}
