namespace Conformance.Proxy.Probe;

/// <summary>How the downstream response ended, as the probe saw it.</summary>
public static class ProbeEnds
{
    /// <summary>Terminating chunk, or the full Content-Length.</summary>
    public const string Clean = "clean";
    /// <summary>The proxy closed (FIN) before the body was complete.</summary>
    public const string Eof = "eof";
    /// <summary>The connection was reset.</summary>
    public const string Reset = "reset";
    /// <summary>Nothing more arrived before the case timeout.</summary>
    public const string Timeout = "timeout";
    /// <summary>The probe itself closed the connection (disconnect test).</summary>
    public const string Disconnected = "disconnected";
    /// <summary>Could not connect, or the response was not HTTP.</summary>
    public const string Error = "error";
}

/// <summary>One socket read: when it returned (UTC) and how many raw bytes it carried.</summary>
public sealed record ProbeRead(DateTimeOffset At, int Bytes);

/// <summary>Payload bytes [Offset, Offset+Length) became available with the read at <see cref="At"/>.</summary>
public sealed record BodySegment(int Offset, int Length, DateTimeOffset At);

/// <summary>Everything the probe saw of one response through the proxy.</summary>
public sealed record ProbeRecord
{
    public required DateTimeOffset SentAt { get; init; }
    public int? Status { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
    public DateTimeOffset? HeadAt { get; init; }
    public IReadOnlyList<ProbeRead> Reads { get; init; } = [];
    /// <summary>The body after de-chunking.</summary>
    public byte[] Body { get; init; } = [];
    public IReadOnlyList<BodySegment> Segments { get; init; } = [];
    public required string Ended { get; init; }
    public required DateTimeOffset EndedAt { get; init; }
    public DateTimeOffset? DisconnectedAt { get; init; }
    public string? Error { get; init; }

    public string? Header(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    /// <summary>When body byte <paramref name="offset"/> arrived, or null if it never did.</summary>
    public DateTimeOffset? ArrivalOf(int offset) =>
        Segments.FirstOrDefault(s => offset >= s.Offset && offset < s.Offset + s.Length)?.At;
}
