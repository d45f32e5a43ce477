// System.Net.ServerSentEvents (the .NET runtime's own SSE parser) scored at its own level
// (docs/adapter-protocol.md, `events`): every SseItem its SseParser yields is reported as dispatched — event
// type, data, last event id — with no LLM code on top, so the harness compares the parser with its reference
// WHATWG parser and skips the LLM layer's rules. Around it, the few lines a user writes: HttpClient with
// ResponseHeadersRead, a non-2xx → http error with the status, a Content-Type other than text/event-stream →
// http error (as EventSource fails the connection), cancel = leaving the `await foreach`, idle timeout = the
// shared per-read HttpObserver. The body's end ends the run (`eof`): the parser knows no [DONE].
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json.Nodes;
using Conformance.SdkAdapters;

var hello = new Hello(
    "system-net-serversentevents",
    Hello.SdkOf(typeof(SseParser).Assembly, "System.Net.ServerSentEvents"),
    ["openai-chat", "openai-completions", "anthropic-messages"],
    ["idle-timeout", "cancel", "status"],
    "events");

return await Adapter.RunAsync(hello, Classify, async env =>
{
    // MaxResponseDrainSize = 0: by default SocketsHttpHandler drains an abandoned response (up to 1 MiB / 2 s) to reuse
    // the connection, so a cancel would leave it open; this adapter scores the parser, not that default.
    using var http = new HttpClient(new HttpObserver(env.TimeoutMs) { InnerHandler = new SocketsHttpHandler { MaxResponseDrainSize = 0 } })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
    var path = env.Api switch { "anthropic-messages" => "/messages", "openai-completions" => "/completions", _ => "/chat/completions" };
    using var request = new HttpRequestMessage(HttpMethod.Post, env.BaseUrl + path)
    {
        Content = new StringContent(env.RequestJson, Encoding.UTF8, "application/json"),
    };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", env.ApiKey);
    request.Headers.Accept.ParseAdd("text/event-stream");
    if (env.Api == "anthropic-messages") request.Headers.Add("anthropic-version", "2023-06-01");
    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
    if (!response.IsSuccessStatusCode)
        throw new HttpStatusError((int)response.StatusCode, (await response.Content.ReadAsStringAsync().ConfigureAwait(false)).Trim());
    var type = response.Content.Headers.ContentType?.MediaType;
    if (!string.Equals(type, "text/event-stream", StringComparison.OrdinalIgnoreCase))
        throw new HttpStatusError((int)response.StatusCode, $"Content-Type {type ?? "(none)"} is not text/event-stream");
    if (env.CancelAfter == 0) return "cancelled";
    await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
    var n = 0;
    await foreach (var item in SseParser.Create(body).EnumerateAsync().ConfigureAwait(false))
    {
        var e = new JsonObject { ["type"] = "event", ["event"] = item.EventType, ["data"] = item.Data };
        if (item.EventId is { } id) e["id"] = id;
        Output.Write(e);
        if (env.CancelAfter is { } max && ++n >= max) return "cancelled";
    }
    return "eof";
});

static ErrorKind? Classify(Exception ex) => ex switch
{
    HttpStatusError s => new ErrorKind("http", s.Status),
    IdleTimeoutException => new ErrorKind("timeout"),
    _ => null,
};

/// <summary>A non-2xx status, or a body that is not an event stream.</summary>
internal sealed class HttpStatusError(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
