using System.Text;
using Conformance.Core.Wire;
using Conformance.Proxy.Rules;
using Conformance.Server.Http;

namespace Conformance.Proxy.Cases;

/// <summary>
/// The built-in proxy cases. Defined in code rather than scenarios/: a case is a plan plus the
/// probe's behaviour (disconnect after N events) and the proxy rules it proves, which the scenario
/// language does not express.
/// </summary>
public static class ProxyCases
{
    private static readonly KeyValuePair<string, string>[] SseHeaders =
        [new("Content-Type", "text/event-stream"), new("Cache-Control", "no-cache")];

    private static byte[] Event(string json) => Encoding.UTF8.GetBytes($"data: {json}\n\n");

    private static byte[] Done => "data: [DONE]\n\n"u8.ToArray();

    private static byte[] Chunk(int i, string text) =>
        Event($"{{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{text}\"}}}}]}}");

    public static ProxyCase FiveEvents { get; } = new()
    {
        Id = "proxy.buffering.five-events-200ms",
        Title = "Five events 200 ms apart, close-delimited",
        Description = "Five chat chunks written 200 ms apart, then [DONE], in a body that ends when the upstream closes (no Content-Length, no chunking, as many SSE servers send). A buffering proxy delivers them late, in one batch: nginx 1.22 with proxy_buffering on holds such a body to the end.",
        Plan = new ResponsePlan
        {
            Status = 200,
            Headers = SseHeaders,
            Framing = BodyFraming.CloseDelimited,
            Writes = [.. Enumerable.Range(0, 5).Select(i => new PlannedWrite(Chunk(i, $"tok{i} "), i == 0 ? 0 : 200)), new PlannedWrite(Done, 200)],
            Ending = ResponseEnding.Clean,
        },
        Rules = [ProxyRules.NoBuffering, ProxyRules.ContentType, ProxyRules.CacheControl, ProxyRules.NoCompression, ProxyRules.BytesIdentical],
    };

    public static ProxyCase FiveEventsChunked { get; } = new()
    {
        Id = "proxy.buffering.five-events-chunked",
        Title = "Five events 200 ms apart, chunked",
        Description = "The same five events in a chunked body, one chunk per event. (nginx 1.22 forwards parsed chunks as they come even with proxy_buffering on.)",
        Plan = FiveEvents.Plan with { Framing = BodyFraming.Chunked },
        Rules = [ProxyRules.NoBuffering, ProxyRules.BytesIdentical],
    };

    public static ProxyCase SplitUtf8 { get; } = new()
    {
        Id = "proxy.encoding.split-utf8",
        Title = "UTF-8 character split across writes",
        Description = "The two bytes of 'é' (C3 A9) and the four of '🙂' go out in separate writes, 50 ms apart.",
        Plan = new ResponsePlan
        {
            Status = 200,
            Headers = SseHeaders,
            Writes = SplitWrites(),
            Ending = ResponseEnding.Clean,
        },
        Rules = [ProxyRules.BytesIdentical, ProxyRules.NoBuffering],
    };

    private static PlannedWrite[] SplitWrites()
    {
        var one = Chunk(0, "caf\u00e9");
        var two = Chunk(1, "ok \U0001F642");
        var cut1 = Array.IndexOf(one, (byte)0xC3) + 1;
        var cut2 = Array.IndexOf(two, (byte)0xF0) + 2;
        return
        [
            new PlannedWrite(one[..cut1]), new PlannedWrite(one[cut1..], 50),
            new PlannedWrite(two[..cut2], 50), new PlannedWrite(two[cut2..], 50),
            new PlannedWrite(Done, 50),
        ];
    }

    public static ProxyCase Disconnect { get; } = new()
    {
        Id = "proxy.disconnect.slow-stream",
        Title = "Client disconnects mid-stream",
        Description = "Twenty events 200 ms apart; the probe closes its connection after the second. The upstream must see its connection closed within 1 s.",
        Plan = new ResponsePlan
        {
            Status = 200,
            Headers = SseHeaders,
            Writes = [.. Enumerable.Range(0, 20).Select(i => new PlannedWrite(Chunk(i, $"t{i}"), i == 0 ? 0 : 200)), new PlannedWrite(Done, 200)],
            Ending = ResponseEnding.Clean,
        },
        Rules = [ProxyRules.Disconnect],
        DisconnectAfterEvents = 2,
    };

    public static ProxyCase RateLimited { get; } = new()
    {
        Id = "proxy.status.429-retry-after",
        Title = "429 with Retry-After: 1",
        Description = "The upstream answers 429 Too Many Requests with Retry-After: 1 and a JSON error body.",
        Plan = JsonResponses.Bytes(429, "application/json",
            "{\"error\":{\"type\":\"rate_limit_exceeded\",\"message\":\"slow down\"}}"u8.ToArray(), [new("Retry-After", "1")]),
        Rules = [ProxyRules.StatusPassthrough],
    };

    public static ProxyCase Unavailable { get; } = new()
    {
        Id = "proxy.status.503",
        Title = "503 Service Unavailable",
        Description = "The upstream answers 503 with a JSON error body.",
        Plan = JsonResponses.Bytes(503, "application/json", "{\"error\":{\"type\":\"overloaded\",\"message\":\"try later\"}}"u8.ToArray()),
        Rules = [ProxyRules.StatusPassthrough],
    };

    public static ProxyCase Reset { get; } = new()
    {
        Id = "proxy.reset.mid-stream",
        Title = "Upstream resets mid-stream",
        Description = "Two events 100 ms apart, then a TCP RST from the upstream, with no terminating chunk.",
        Plan = new ResponsePlan
        {
            Status = 200,
            Headers = SseHeaders,
            Writes = [new PlannedWrite(Chunk(0, "par")), new PlannedWrite(Chunk(1, "tial"), 100)],
            Ending = new ResponseEnding(EndKind.Reset),
        },
        Rules = [ProxyRules.ResetPropagates],
    };

    public static ProxyCase Heartbeat { get; } = new()
    {
        Id = "proxy.heartbeat.quiet-stream",
        Title = "Long quiet stream with heartbeats",
        Description = "One event, then a ': ping' comment every 300 ms for 2.1 s, then a last event and [DONE].",
        Plan = new ResponsePlan
        {
            Status = 200,
            Headers = SseHeaders,
            Writes =
            [
                new PlannedWrite(Chunk(0, "thinking")),
                .. Enumerable.Range(0, 7).Select(_ => new PlannedWrite(": ping\n\n"u8.ToArray(), 300)),
                new PlannedWrite(Chunk(1, "done"), 300),
                new PlannedWrite(Done),
            ],
            Ending = ResponseEnding.Clean,
        },
        Rules = [ProxyRules.HeartbeatKeepsAlive, ProxyRules.NoBuffering],
    };

    public static IReadOnlyList<ProxyCase> All { get; } = [FiveEvents, FiveEventsChunked, SplitUtf8, Disconnect, RateLimited, Unavailable, Reset, Heartbeat];
}
