namespace Conformance.Core.Rules;

/// <summary>
/// The checks the scorer implements. A rule names one; the same check serves many rules (a split
/// UTF-8 character and a CR/LF split are both proven by exact content), the rule gives the id,
/// strength and source.
/// </summary>
public static class CheckKinds
{
    /// <summary>The chunks observed equal the chunks expected (same objects, same order), and the assembled text is exact, code point for code point.</summary>
    public const string Content = "content";
    /// <summary>No chunk that the stream did not carry as an event (comments, heartbeats, pings, [DONE], data after the terminator).</summary>
    public const string NoPhantom = "no-phantom";
    /// <summary>The run ends the way the stream does: done, eof, or an error of the right kind (never a clean end for a FIN/RST).</summary>
    public const string Outcome = "outcome";
    /// <summary>Retryable failures (429, 5xx) are retried: the server sees the expected number of requests.</summary>
    public const string Retry = "retry";
    /// <summary>Each retry waits at least Retry-After when given, and backs off otherwise (not reached when the client did not retry).</summary>
    public const string RetryWait = "retry-wait";
    /// <summary>Non-retryable failures (400, 401, 403, 404) are not retried.</summary>
    public const string NoRetry = "no-retry";
    /// <summary>After cancelling, the client stops and closes the connection within 500 ms.</summary>
    public const string Cancel = "cancel";
    /// <summary>The client stops reading at the terminator and lets go of the connection within 1 s, while the body is held open.</summary>
    public const string StopsAtTerminator = "stops-at-terminator";
    /// <summary>A stall trips the client's idle timeout (error kind timeout) and the connection is closed.</summary>
    public const string IdleTimeout = "idle-timeout";
    /// <summary>A stream that outlasts the client's total budget (heartbeats keep it from ever going idle) is given up at the budget: error kind timeout, connection closed.</summary>
    public const string TotalTimeout = "total-timeout";
    /// <summary>Slow but live streams (heartbeats, a 1-byte drip) do not trip the idle timeout.</summary>
    public const string StaysAlive = "stays-alive";
    /// <summary>The client's own assembled message (when it reports one) matches: content, tool calls, reasoning, finish reason, usage.</summary>
    public const string Message = "message";
    /// <summary>A reconnecting client comes back after each stream ends or drops: the server sees one request per expected connection.</summary>
    public const string Reconnect = "reconnect";
    /// <summary>No request after a response that fails the connection (204, a Content-Type other than text/event-stream, a status other than 200).</summary>
    public const string ReconnectStop = "reconnect-stop";
    /// <summary>Each request carries Last-Event-ID equal to the last event ID string after the connection before it (absent when empty).</summary>
    public const string LastEventId = "last-event-id";
    /// <summary>Each reconnection waits at least the reconnection time a <c>retry:</c> field set.</summary>
    public const string ReconnectWait = "reconnect-wait";
    /// <summary>Each reconnection comes within a generous bound after the reconnection time a <c>retry:</c> field set.</summary>
    public const string ReconnectWaitMax = "reconnect-wait-max";
    /// <summary>At the events level, the events observed are every connection's events in order: none dispatched twice, none lost.</summary>
    public const string ReconnectEvents = "reconnect-events";
    /// <summary>Scored by the proxy scorer (proxy mode), not by the client scorer: a client scenario never cites such a rule.</summary>
    public const string Proxy = "proxy";
    /// <summary>Scored by the server linter (<c>conformance lint</c>) from a live server's stream, not by the client scorer.</summary>
    public const string Server = "server";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>
    {
        Content, NoPhantom, Outcome, StopsAtTerminator, Retry, RetryWait, NoRetry, Cancel, IdleTimeout, TotalTimeout, StaysAlive, Message,
        Reconnect, ReconnectStop, LastEventId, ReconnectWait, ReconnectWaitMax, ReconnectEvents, Proxy, Server,
    };
}
