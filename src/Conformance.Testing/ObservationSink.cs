using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Core.Observations;
using Conformance.Runner.Clients;

namespace Conformance.Testing;

/// <summary>
/// Where an in-process client reports what it saw, in the order it happened: the observations of the adapter protocol's
/// JSON lines (docs/adapter-protocol.md, "Output"), one method per type. Every call goes through the same parser and the
/// same ordering rules as a process adapter's stdout, so an unknown error kind or an observation after the final
/// <c>end</c>/<c>error</c> is a contract fault (ADAPTER-ERROR), exactly as it would be there. Thread-safe.
/// </summary>
public sealed class ObservationSink
{
    private readonly ObservationCollector _collector = new();
    private readonly Stopwatch _clock;
    private readonly Lock _gate = new();

    internal ObservationSink(Stopwatch clock) => _clock = clock;

    /// <summary>One event object the client yielded, as its API surface yields it (<c>{"type":"chunk","data":…}</c>).</summary>
    public void Chunk(JsonNode? data) => Write(new JsonObject { ["type"] = "chunk", ["data"] = data });

    /// <summary>One event object the client yielded, as a <see cref="JsonElement"/>.</summary>
    public void Chunk(JsonElement data) => Chunk(JsonNode.Parse(data.GetRawText()));

    /// <summary>A text token, for a client that yields strings (the <c>text</c> level): <c>{"type":"chunk","data":"token"}</c>.</summary>
    public void Text(string token) => Write(new JsonObject { ["type"] = "chunk", ["data"] = token });

    /// <summary>The client is about to send attempt <paramref name="attempt"/> (1-based; the first retry is attempt 2).</summary>
    public void Retry(int attempt) => Write(new JsonObject { ["type"] = "retry", ["attempt"] = attempt });

    /// <summary>
    /// The client's own assembled result (optional; scored too). <paramref name="toolCalls"/> is
    /// <c>[{"index":0,"id":"…","name":"…","arguments":"…"}]</c>.
    /// </summary>
    public void Message(string? content, string? finishReason = null, string? reasoning = null, JsonNode? usage = null, JsonArray? toolCalls = null)
    {
        var m = new JsonObject { ["type"] = "message" };
        if (content is not null) m["content"] = content;
        if (toolCalls is not null) m["tool_calls"] = toolCalls;
        if (reasoning is not null) m["reasoning"] = reasoning;
        if (finishReason is not null) m["finish_reason"] = finishReason;
        if (usage is not null) m["usage"] = usage;
        Write(m);
    }

    /// <summary>The <c>events</c> level: one SSE event as the parser dispatched it (type null: the default <c>message</c>; id: the last event id).</summary>
    public void Event(string? type, string data, string? id = null)
    {
        var e = new JsonObject { ["type"] = "event" };
        if (type is not null) e["event"] = type;
        e["data"] = data;
        if (id is not null) e["id"] = id;
        Write(e);
    }

    /// <summary>The <c>events</c> level, optional: a comment the library surfaced (never counted as an event).</summary>
    public void Comment(string? text) => Write(new JsonObject { ["type"] = "comment", ["text"] = text });

    /// <summary>
    /// The client raised: the final observation. <paramref name="kind"/>: <c>http</c> (give <paramref name="status"/>),
    /// <c>api</c>, <c>network</c>, <c>timeout</c>, <c>abort</c>, <c>parse</c>, <c>other</c>; <paramref name="errorType"/> is
    /// the provider's own name for the error when the client surfaces it (<c>rate_limit_error</c>).
    /// </summary>
    public void Error(string kind, int? status, string? message, string? errorType = null)
    {
        var e = new JsonObject { ["type"] = "error", ["kind"] = kind };
        if (status is not null) e["status"] = status;
        if (message is not null) e["message"] = message;
        if (errorType is not null) e["error_type"] = errorType;
        Write(e);
    }

    /// <summary>The final observation of a run that did not raise: <c>done</c> (the stream's terminator was seen), <c>eof</c>, <c>cancelled</c>.</summary>
    public void End(string reason) => Write(new JsonObject { ["type"] = "end", ["reason"] = reason });

    /// <summary>One JSON line of the adapter protocol as it is (code that already writes the lines: <c>{"type":"chunk","data":{…}}</c>).</summary>
    public void Line(string json)
    {
        lock (_gate) _collector.AddLine(json, _clock.Elapsed.TotalMilliseconds);
    }

    private void Write(JsonObject observation) => Line(observation.ToJsonString());

    /// <summary>What the client reported so far.</summary>
    internal IReadOnlyList<Observation> Observations
    {
        get { lock (_gate) return [.. _collector.Observations]; }
    }

    /// <summary>The contract's faults; with <paramref name="finished"/>, also "no final end or error" when the run did not end properly.</summary>
    internal IReadOnlyList<string> Faults(bool finished)
    {
        lock (_gate) return finished ? [.. _collector.FinalFaults()] : [.. _collector.Faults];
    }
}
