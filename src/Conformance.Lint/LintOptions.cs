using Conformance.Core.Dialects;
using Conformance.Core.Scenarios;
using Conformance.Lint.Dialects;

namespace Conformance.Lint;

/// <summary>
/// What lint and record send, and where: the one request (URL, API, model, headers, body) and how often. The
/// key is the value of the environment variable <see cref="KeyEnv"/>, read by the command, never an option value.
/// </summary>
public sealed record LintOptions
{
    public required Uri Url { get; init; }
    public required ILintDialect Dialect { get; init; }
    public string? Model { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
    /// <summary>The name of the variable the key came from (for messages); the key itself is <see cref="Key"/>.</summary>
    public string? KeyEnv { get; init; }
    public string? Key { get; init; }
    /// <summary>The request body from <c>--request FILE</c> (JSON), used as is except "model" when <see cref="Model"/> is given.</summary>
    public string? RequestBody { get; init; }
    public int Repeat { get; init; } = 1;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>The label of the server in reports (default: the URL's authority).</summary>
    public string? Name { get; init; }

    /// <summary>Every problem with the combination, not just the first.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps) errors.Add($"--url must be http:// or https://, got {Url}");
        if (Model is null && (RequestBody is null || !Dialect.ModelInBody))
            errors.Add(Dialect.ModelInBody ? "give --model M (the request's \"model\") or --request FILE" : $"give --model M ({Dialect.Name} names the model in the URL path)");
        if (Repeat < 1) errors.Add($"--repeat must be at least 1, got {Repeat}");
        if (Timeout <= TimeSpan.Zero) errors.Add("--timeout must be positive");
        if (RequestBody is not null)
        {
            try
            {
                using var doc = System.Text.Json.JsonDocument.Parse(RequestBody);
                if (doc.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object) errors.Add("--request: the file must hold one JSON object (the request body)");
                else if (Dialect.WhyNotAStreamRequest(doc.RootElement) is { } why)
                    errors.Add("--request: " + why);
            }
            catch (System.Text.Json.JsonException ex) { errors.Add($"--request: not JSON: {ex.Message}"); }
        }
        return errors;
    }

    /// <summary>
    /// The endpoint URL: <see cref="Url"/> when it already ends with the API's path (its query kept, or the dialect's
    /// added), else the base plus the dialect's path and query.
    /// </summary>
    public Uri Endpoint
    {
        get
        {
            var full = "/" + Dialect.PathFor(Model);
            var (path, query) = full.IndexOf('?') is var q and >= 0 ? (full[..q], full[(q + 1)..]) : (full, "");
            var given = Url.Query.TrimStart('?');
            // The user's own query (a ?key=…, say) is kept, the dialect's (alt=sse) added unless already there.
            var merged = string.Join("&", new[] { given, given.Split('&').Contains(query) ? "" : query }.Where(s => s.Length > 0));
            var b = new UriBuilder(Url) { Query = merged };
            if (!Uri.UnescapeDataString(Url.AbsolutePath).EndsWith(Uri.UnescapeDataString(path), StringComparison.Ordinal))
                b.Path = Url.AbsolutePath.TrimEnd('/') + path;
            return b.Uri;
        }
    }

    public Wire.LintRequest ToRequest()
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("Content-Type", "application/json"),
            new("Accept", "text/event-stream"),
            // What browsers and node's fetch send: a server that compresses for them shows it here (server.http.no-compression).
            new("Accept-Encoding", "gzip, deflate, br"),
            new("User-Agent", "conformance-lint/1"),
        };
        foreach (var h in Dialect.Headers(Key)) Set(headers, h);
        foreach (var h in Headers) Set(headers, h);
        string body;
        if (RequestBody is null) body = Dialect.DefaultBody(Model!);
        else if (Model is null || !Dialect.ModelInBody) body = RequestBody;
        else
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(RequestBody)!.AsObject();
            node["model"] = Model;
            body = node.ToJsonString();
        }
        var secrets = new List<string>();
        if (!string.IsNullOrEmpty(Key)) secrets.Add(Key);
        secrets.AddRange(Headers.Where(h => Wire.LintRequest.CredentialHeaders.Contains(h.Key)).Select(h => h.Value));
        return new Wire.LintRequest { Url = Endpoint, Headers = headers, Body = body, Secrets = secrets };
    }

    private static void Set(List<KeyValuePair<string, string>> headers, KeyValuePair<string, string> h)
    {
        headers.RemoveAll(x => x.Key.Equals(h.Key, StringComparison.OrdinalIgnoreCase));
        headers.Add(h);
    }
}
