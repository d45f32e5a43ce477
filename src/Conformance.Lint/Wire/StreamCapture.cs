using Conformance.Core.Wire;

namespace Conformance.Lint.Wire;

/// <summary>How the response ended, as the lint client saw it.</summary>
public static class CaptureEnds
{
    /// <summary>The terminating chunk, the full Content-Length, or the close of a close-delimited body.</summary>
    public const string Clean = "clean";
    /// <summary>The server closed (FIN) before the body was complete.</summary>
    public const string Eof = "eof";
    public const string Reset = "reset";
    /// <summary>Nothing more arrived before <c>--timeout</c>.</summary>
    public const string Timeout = "timeout";
    /// <summary>Could not connect, TLS failed, or the response was not HTTP/1.x.</summary>
    public const string Error = "error";
}

/// <summary>
/// Body bytes [Offset, Offset+Length) as one piece of the server's output: for a chunked body one HTTP chunk (a
/// flushing server writes one per flush, so these are the server's writes whatever the reads coalesced), otherwise
/// one socket read. <see cref="AtMs"/> is when the read that completed it returned, from the request's send.
/// </summary>
public sealed record ReceivedPiece(int Offset, int Length, double AtMs);

/// <summary>One socket read: when it returned (ms from the request's send) and how many raw bytes it carried.</summary>
public sealed record ReadStamp(double AtMs, int Bytes);

/// <summary>Everything the lint client sent and received for one request: the evidence every server verdict cites.</summary>
public sealed record StreamCapture
{
    public required Uri Url { get; init; }
    /// <summary>The request headers as sent, with credentials replaced by a placeholder (never the key).</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> RequestHeaders { get; init; }
    public required string RequestBody { get; init; }
    public required DateTimeOffset SentAt { get; init; }
    public int? Status { get; init; }
    public string? Reason { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
    /// <summary>The status line and headers as received (up to and including the blank line).</summary>
    public byte[] Head { get; init; } = [];
    public double? HeadAtMs { get; init; }
    public BodyFraming Framing { get; init; } = BodyFraming.CloseDelimited;
    /// <summary>The body after de-chunking, exactly as sent (never decompressed: a gzip body stays gzip).</summary>
    public byte[] Body { get; init; } = [];
    public IReadOnlyList<ReceivedPiece> Pieces { get; init; } = [];
    public IReadOnlyList<ReadStamp> Reads { get; init; } = [];
    public required string Ended { get; init; }
    public required double EndedAtMs { get; init; }
    public string? Error { get; init; }

    public string? Header(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    /// <summary>When body byte <paramref name="offset"/> arrived (ms from the send), or null if it never did.</summary>
    public double? ArrivalOf(int offset) =>
        Pieces.FirstOrDefault(p => offset >= p.Offset && offset < p.Offset + p.Length)?.AtMs;
}
