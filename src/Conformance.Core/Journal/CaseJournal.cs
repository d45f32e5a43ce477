using Conformance.Core.Wire;

namespace Conformance.Core.Journal;

/// <summary>Everything the server saw and sent for one case: the evidence verdicts cite.</summary>
public sealed record CaseJournal
{
    public required string CaseId { get; init; }
    public required string ScenarioId { get; init; }
    public required IReadOnlyList<JournalExchange> Exchanges { get; init; }
}

/// <summary>One request and the response to it (attempt N of the case, 1-based).</summary>
public sealed record JournalExchange
{
    public required int Attempt { get; init; }
    public required JournalRequest Request { get; init; }
    public JournalResponse? Response { get; init; }
}

public sealed record JournalRequest
{
    /// <summary>Wall-clock time the request head was complete (UTC).</summary>
    public required DateTimeOffset At { get; init; }
    public required string Method { get; init; }
    public required string Path { get; init; }
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }
    public required string Body { get; init; }
    /// <summary>Loopback port the client connected from (one connection per port).</summary>
    public int RemotePort { get; init; }
}

public sealed record JournalResponse
{
    public required int Status { get; init; }
    public required BodyFraming Framing { get; init; }
    /// <summary>Status line and headers exactly as sent.</summary>
    public required byte[] Head { get; init; }
    public required IReadOnlyList<JournalWrite> Writes { get; init; }
    /// <summary>How the response actually ended (what the plan asked for, or ClientClosed if the client left first).</summary>
    public required string Ended { get; init; }
    /// <summary>Milliseconds from the request to the end of the response.</summary>
    public required double EndedAtMs { get; init; }
    /// <summary>Milliseconds from the request to the moment the client closed its side, if it did while we watched.</summary>
    public double? ClientClosedAtMs { get; init; }
    /// <summary>True once every planned step has been accounted for (written, or cut short by the client).</summary>
    public required bool Complete { get; init; }
    /// <summary>How many body writes the plan had (<see cref="Writes"/> holds those that were sent in full).</summary>
    public int PlannedWrites { get; init; }
    /// <summary>The write that was cut short (the send failed part-way or the client left during it), if any.</summary>
    public JournalShortWrite? ShortWrite { get; init; }
}

/// <summary>A planned write that did not go out in full: <paramref name="SentBytes"/> of its framed bytes reached the socket.</summary>
public sealed record JournalShortWrite(int Index, int Offset, int Length, int SentBytes, double AtMs);

/// <summary>One socket send of body bytes. Offset/length refer to the body payload (before chunk framing).</summary>
public sealed record JournalWrite(int Offset, int Length, double AtMs, byte[] Bytes);

/// <summary>Names of the ends recorded in <see cref="JournalResponse.Ended"/>.</summary>
public static class Ends
{
    public const string Clean = "clean";
    public const string HoldOpen = "hold-open";
    public const string Fin = "fin";
    public const string Reset = "reset";
    public const string Stall = "stall";
    public const string ClientClosed = "client-closed";
    public const string Plain = "plain";
}
