// The official Anthropic C# SDK (NuGet `Anthropic`, pinned in Directory.Packages.props) behind the process
// adapter contract (docs/adapter-protocol.md): client.Messages.CreateStreaming, every RawMessageStreamEvent
// written back with the SDK's own serialization (System.Text.Json through the type's [JsonConverter],
// which writes the event's Json: the raw element it was read from).
//
// How the SDK's surface maps to the contract, and the deviations:
// - The request is CONFORMANCE_REQUEST as the SDK's raw body (MessageCreateParams.FromRawUnchecked with the
//   request's members): the SDK re-serializes it and sets "stream": true, so it is sent verbatim up to
//   whitespace and member order.
// - The SDK parses the stream with System.Net.ServerSentEvents and dispatches on the SSE event name: it
//   skips `ping`, event names it does not know and events without an `event:` line (as @anthropic-ai/sdk
//   does; checked against 13.14.0), raises `event: error` as AnthropicSseException (api), and deserializes
//   the known ones.
// - End reason: the SDK's enumerator ends normally when the body ends; it does not stop at message_stop.
//   A user sees a normal end either way, so a normal end is reported as `done`.
// - idle-timeout: the SDK's ClientOptions.Timeout is a per-attempt timeout whose token is disposed once
//   the response headers arrive, so it cannot fire mid-stream. The idle timeout is the adapter's
//   HttpObserver (../Shared), a DelegatingHandler in ClientOptions.Handlers, the SDK's documented hook,
//   timing each body read. Timeout keeps the SDK's default: it would also count connection set-up and the
//   first request's JIT, which made verdicts load-dependent (no scenario delays its headers).
// - CONFORMANCE_CANCEL_AFTER=0: the SDK sends the request on the first MoveNextAsync, which also reads
//   the first event; the adapter disposes the enumerator right after it, without writing that event.
using System.Text.Json;
using System.Text.Json.Nodes;
using Anthropic;
using Anthropic.Core;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Conformance.SdkAdapters;

var hello = new Hello(
    Name: "anthropic-dotnet",
    Sdk: Hello.SdkOf(typeof(AnthropicClient).Assembly, "Anthropic"),
    Apis: ["anthropic-messages"],
    // retries: the SDK's own (MaxRetries, default 2: set from CONFORMANCE_MAX_RETRIES; 408/409/429/5xx and
    // I/O failures, Retry-After honoured). idle-timeout: see above. cancel: leaving `await foreach`
    // disposes the response. status: AnthropicApiException.StatusCode.
    Features: ["retries", "idle-timeout", "cancel", "status"],
    Observes: "objects");

return await Adapter.RunAsync(hello, AnthropicErrors.Classify, async env =>
{
    if (env.Api != "anthropic-messages") throw new NotSupportedException($"the Anthropic C# SDK has no client for {env.Api}");

    var options = new ClientOptions
    {
        BaseUrl = env.BaseUrl.EndsWith("/v1", StringComparison.Ordinal) ? env.BaseUrl[..^3] : env.BaseUrl, // the SDK appends /v1/messages
        ApiKey = env.ApiKey,
        MaxRetries = env.MaxRetries,
        Handlers = [new HttpObserver(env.TimeoutMs)],
    };
    using var client = new AnthropicClient(options);

    var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(env.RequestJson) ?? [];
    var parameters = MessageCreateParams.FromRawUnchecked(new Dictionary<string, JsonElement>(), new Dictionary<string, JsonElement>(), body);

    var yielded = 0;
    var enumerator = client.Messages.CreateStreaming(parameters).GetAsyncEnumerator();
    await using (enumerator.ConfigureAwait(false))
    {
        while (await enumerator.MoveNextAsync().ConfigureAwait(false))
        {
            if (env.CancelAfter == 0) return "cancelled";
            Output.Chunk(JsonSerializer.SerializeToNode(enumerator.Current));
            if (env.CancelAfter is { } max && ++yielded >= max) return "cancelled";
        }
    }
    return "done";
}).ConfigureAwait(false);

internal static class AnthropicErrors
{
    /// <summary>
    /// AnthropicApiException: a non-2xx response (http, with its status). AnthropicSseException: an
    /// `event: error` in the stream (api). AnthropicIOException: a transport failure (network).
    /// AnthropicInvalidDataException: an event the SDK could not deserialize (parse). The adapter passes the
    /// SDK no CancellationToken, so an OperationCanceledException is the SDK's own Timeout (timeout).
    /// </summary>
    public static ErrorKind? Classify(Exception ex) => ex switch
    {
        AnthropicApiException a => new("http", (int)a.StatusCode),
        AnthropicSseException => new("api"),
        AnthropicInvalidDataException => new("parse"),
        AnthropicIOException { InnerException: { } inner } => Adapter.RuntimeKind(inner) is { Kind: "timeout" } t ? t : new("network"),
        AnthropicIOException => new("network"),
        IdleTimeoutException => new("timeout"),
        OperationCanceledException => new("timeout"),
        _ => null,
    };
}
