using Conformance.Core.Dialects;
using Conformance.Core.Scenarios;

namespace Conformance.Runner.Clients;

/// <summary>Everything a client under test is told about one case (the CONFORMANCE_* variables).</summary>
public sealed record ClientInvocation
{
    public required string CaseId { get; init; }
    /// <summary>Ends in <c>/v1</c>, no trailing slash.</summary>
    public required string BaseUrl { get; init; }
    public required IDialect Api { get; init; }
    public string ApiKey { get; init; } = "sk-conformance-test";
    /// <summary>The JSON body to send verbatim, with "stream": true.</summary>
    public required string RequestJson { get; init; }
    public int? CancelAfter { get; init; }
    /// <summary>How long a cancelling client stays alive after its final line (CONFORMANCE_LINGER_MS): a process exit closes every socket, so only a live client shows whether cancelling closed its connection.</summary>
    public int LingerMs { get; init; } = Conformance.Core.Scoring.Checks.CancelCheck.LingerMs;
    public int? IdleTimeoutMs { get; init; }
    public int? MaxRetries { get; init; }
    /// <summary>The total budget for the call (CONFORMANCE_TOTAL_TIMEOUT_MS).</summary>
    public int? TotalTimeoutMs { get; init; }
    /// <summary>The client reconnects by itself after the stream ends or drops, at most this many times (CONFORMANCE_RECONNECTS).</summary>
    public int? Reconnects { get; init; }
    /// <summary>The profile the client is scored under, for clients whose dialect is switchable.</summary>
    public string? Profile { get; init; }

    public IReadOnlyDictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>
        {
            ["CONFORMANCE_BASE_URL"] = BaseUrl,
            ["CONFORMANCE_API"] = Api.Name,
            ["CONFORMANCE_API_KEY"] = ApiKey,
            ["CONFORMANCE_REQUEST"] = RequestJson,
            ["CONFORMANCE_CASE"] = CaseId,
        };
        if (CancelAfter is { } c)
        {
            env["CONFORMANCE_CANCEL_AFTER"] = c.ToString(System.Globalization.CultureInfo.InvariantCulture);
            env["CONFORMANCE_LINGER_MS"] = LingerMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (IdleTimeoutMs is { } t) env["CONFORMANCE_TIMEOUT_MS"] = t.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (TotalTimeoutMs is { } b) env["CONFORMANCE_TOTAL_TIMEOUT_MS"] = b.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (MaxRetries is { } r) env["CONFORMANCE_MAX_RETRIES"] = r.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Reconnects is { } n) env["CONFORMANCE_RECONNECTS"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Profile is { } p) env["CONFORMANCE_PROFILE"] = p;
        return env;
    }
}
