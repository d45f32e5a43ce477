namespace Conformance.Core.Scenarios;

/// <summary>What the runner passes to the client under test for this scenario.</summary>
public sealed record ClientSettings
{
    public static ClientSettings None { get; } = new();

    /// <summary>Cancel the request after this many content deltas have been received.</summary>
    public int? CancelAfter { get; init; }

    /// <summary>Idle timeout between reads the client is configured with.</summary>
    public int? IdleTimeoutMs { get; init; }

    /// <summary>
    /// The client's total budget for the call, every attempt included: past it the client gives up with a timeout
    /// even while bytes (heartbeats) keep arriving (CONFORMANCE_TOTAL_TIMEOUT_MS).
    /// </summary>
    public int? TotalTimeoutMs { get; init; }

    /// <summary>How many retries the client may make.</summary>
    public int? MaxRetries { get; init; }

    /// <summary>
    /// The client reconnects by itself after the stream ends or drops (an EventSource, an SSE SDK), at most this
    /// many times (CONFORMANCE_RECONNECTS). The responses are then one per connection: attempt N gets responses[N-1].
    /// </summary>
    public int? Reconnects { get; init; }
}
