namespace Conformance.Core.Capabilities;

/// <summary>
/// What a client can do beyond reading a stream (docs/adapter-protocol.md, "Capabilities"). Modelled on
/// the LaunchDarkly SSE contract tests' capabilities: a case that needs a feature the client lacks is NOT RUN.
/// </summary>
public static class ClientFeatures
{
    /// <summary>Retries a failed request by itself (CONFORMANCE_MAX_RETRIES).</summary>
    public const string Retries = "retries";
    /// <summary>Gives up when no bytes arrive for CONFORMANCE_TIMEOUT_MS, reporting a timeout.</summary>
    public const string IdleTimeout = "idle-timeout";
    /// <summary>Can stop consuming mid-stream (CONFORMANCE_CANCEL_AFTER).</summary>
    public const string Cancel = "cancel";
    /// <summary>Sees the HTTP status of a failed request (native EventSource cannot).</summary>
    public const string Status = "status";
    /// <summary>
    /// Reconnects by itself after the stream ends or drops, as EventSource does (CONFORMANCE_RECONNECTS): sends
    /// Last-Event-ID, honours <c>retry:</c>, stops on 204 or a response that is not an event stream.
    /// </summary>
    public const string Reconnect = "reconnect";

    /// <summary>Gives up when the whole call (every attempt) has taken CONFORMANCE_TOTAL_TIMEOUT_MS, bytes or not, reporting a timeout.</summary>
    public const string TotalTimeout = "total-timeout";

    public static IReadOnlyList<string> All { get; } = [Retries, IdleTimeout, Cancel, Status, TotalTimeout, Reconnect];

    /// <summary>
    /// Features a client that declares none is assumed to have: all but <see cref="Reconnect"/>, which a client must
    /// declare (hello or --features). An LLM SDK does not reconnect by itself; running reconnection cases on it would
    /// score "it cannot do X" as a defect.
    /// </summary>
    public static IReadOnlyList<string> Defaults { get; } = [Retries, IdleTimeout, Cancel, Status, TotalTimeout];

    public static bool IsKnown(string feature) => All.Contains(feature, StringComparer.Ordinal);
}
