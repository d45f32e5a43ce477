using Conformance.Core.Wire;

namespace Conformance.Core.Scoring;

/// <summary>
/// What a client that reconnects by itself does, connection by connection, under the WHATWG EventSource processing
/// model: the request each connection starts with (its Last-Event-ID, the wait before it), the events its body
/// dispatches, and where reconnecting stops (a response that fails the connection, or the case's budget).
/// </summary>
public sealed record ExpectedReconnection
{
    /// <summary>How many times the client may reconnect (<c>client.reconnects</c>).</summary>
    public required int MaxReconnects { get; init; }

    /// <summary>One per request a correct client sends, in order.</summary>
    public required IReadOnlyList<ExpectedConnection> Connections { get; init; }

    /// <summary>The connection whose response fails the connection, after which no request may follow; null when the budget ends the case.</summary>
    public ExpectedConnection? Stop => Connections.Count > 0 && Connections[^1].Fails is not null ? Connections[^1] : null;

    /// <summary>Every connection's events in order: what a parser library dispatches across the reconnections.</summary>
    public IReadOnlyList<ExpectedEvent> Events => [.. Connections.SelectMany(c => c.Events)];
}

/// <summary>One connection (attempt N of the case).</summary>
public sealed record ExpectedConnection
{
    public required int Attempt { get; init; }

    /// <summary>The Last-Event-ID header this request carries: the last event ID string after the connections before it; null means no header.</summary>
    public string? LastEventId { get; init; }

    /// <summary>The reconnection time in force before this request (the last <c>retry:</c> of an earlier connection); null: the client's own default, not judged.</summary>
    public int? WaitMs { get; init; }

    /// <summary>Why this response fails the connection ("HTTP 204 No Content", "Content-Type 'text/plain'"), or null for an event stream.</summary>
    public string? Fails { get; init; }

    public required int Status { get; init; }

    /// <summary>How the server ends this response.</summary>
    public required EndKind Ending { get; init; }

    /// <summary>The events its body dispatches (none when it fails the connection).</summary>
    public IReadOnlyList<ExpectedEvent> Events { get; init; } = [];
}
