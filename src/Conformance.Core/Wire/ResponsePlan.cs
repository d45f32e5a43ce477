namespace Conformance.Core.Wire;

/// <summary>
/// One HTTP response exactly as the server must put it on the wire: the status line and headers,
/// how the body is framed, every write (bytes + the pause before it) and how the response ends.
/// The server's writer executes a plan literally: one socket send per <see cref="PlannedWrite"/>.
/// </summary>
public sealed record ResponsePlan
{
    public required int Status { get; init; }

    /// <summary>Reason phrase on the status line ("OK", "Too Many Requests", ...).</summary>
    public string? Reason { get; init; }

    /// <summary>Headers in order, written verbatim. Framing headers (Transfer-Encoding, Content-Length)
    /// are added by the writer from <see cref="Framing"/> unless already present here.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>Headers whose HTTP-date value the writer computes when it sends the head (after <see cref="Headers"/>).
    /// The plan stays pure: what a correct client waits for is <see cref="DatedHeader.InSeconds"/>, known before the case runs.</summary>
    public IReadOnlyList<DatedHeader> DatedHeaders { get; init; } = [];

    public BodyFraming Framing { get; init; } = BodyFraming.Chunked;

    /// <summary>The body, write by write. Offsets and lengths in the journal refer to these bytes
    /// (the payload, before chunked framing).</summary>
    public required IReadOnlyList<PlannedWrite> Writes { get; init; }

    public required ResponseEnding Ending { get; init; }

    /// <summary>The whole body as one array (the concatenation of all writes).</summary>
    public byte[] Body() => Writes.SelectMany(w => w.Bytes.ToArray()).ToArray();
}

/// <summary>One socket send. <paramref name="DelayMs"/> is the pause before it.</summary>
public sealed record PlannedWrite(ReadOnlyMemory<byte> Bytes, int DelayMs = 0);

public enum BodyFraming
{
    /// <summary>Transfer-Encoding: chunked; one chunk per write, as a flushing server sends.</summary>
    Chunked,
    /// <summary>Content-Length set to the full body length (a short body on fin/reset is a real truncation).</summary>
    ContentLength,
    /// <summary>No length at all; the body ends when the server closes (HTTP/1.0 style, Connection: close).</summary>
    CloseDelimited,
}

/// <summary>How a response ends once its writes are done.</summary>
public enum EndKind
{
    /// <summary>Terminating chunk (or full length) sent; connection stays usable.</summary>
    Clean,
    /// <summary>Like clean, but the body is left open: no terminating chunk for <see cref="ResponseEnding.Ms"/> ms, then the terminator.</summary>
    HoldOpen,
    /// <summary>FIN in the middle of the body: no terminating chunk, socket shut down for sending (after <see cref="ResponseEnding.Ms"/> ms of silence).</summary>
    Fin,
    /// <summary>TCP RST (linger 0 then close), after <see cref="ResponseEnding.Ms"/> ms of silence: an RST destroys bytes the peer has not read yet.</summary>
    Reset,
    /// <summary>Stop sending and keep the connection open until the client gives up (or <see cref="ResponseEnding.Ms"/> passes, then reset).</summary>
    Stall,
}

public sealed record ResponseEnding(EndKind Kind, int Ms = 0)
{
    public static ResponseEnding Clean { get; } = new(EndKind.Clean);
}
