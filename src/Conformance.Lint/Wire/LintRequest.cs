namespace Conformance.Lint.Wire;

/// <summary>
/// The one request lint or record sends: to <see cref="Url"/>, with <see cref="Headers"/> and <see cref="Body"/>.
/// <see cref="Secrets"/> are header values that must never reach a report or a log (the API key, any
/// Authorization a user passed); <see cref="RedactedHeaders"/> is what reports show instead.
/// </summary>
public sealed record LintRequest
{
    public required Uri Url { get; init; }
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }
    public required string Body { get; init; }
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>Header names whose value is a credential, whoever set it.</summary>
    public static readonly IReadOnlySet<string> CredentialHeaders =
        new HashSet<string>(["authorization", "proxy-authorization", "x-api-key", "api-key", "cookie", "x-goog-api-key"], StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<KeyValuePair<string, string>> RedactedHeaders =>
        [.. Headers.Select(h => CredentialHeaders.Contains(h.Key) || Secrets.Any(s => s.Length > 0 && h.Value.Contains(s, StringComparison.Ordinal))
            ? new KeyValuePair<string, string>(h.Key, "<redacted>") : h)];
}
