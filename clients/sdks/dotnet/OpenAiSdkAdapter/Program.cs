// The official OpenAI .NET SDK (NuGet `OpenAI`, pinned in Directory.Packages.props) behind the process
// adapter contract (docs/adapter-protocol.md): ChatClient.CompleteChatStreamingAsync, endpoint =
// CONFORMANCE_BASE_URL, every StreamingChatCompletionUpdate written back with the SDK's own
// ModelReaderWriter.Write(update, ModelReaderWriterOptions.Json) as the chunk's data.
//
// Deviations from the contract, and why:
// - The request is not sent verbatim: a typed SDK builds its own body. It is built from CONFORMANCE_REQUEST
//   by the SDK's own deserializers: each of "messages" with ModelReaderWriter.Read<ChatMessage> (by role),
//   the rest with ModelReaderWriter.Read<ChatCompletionOptions> (model, max_tokens, temperature, …; unknown
//   members ride along as the model's additional properties). The SDK then adds what it always adds to a
//   streaming call ("stream": true, "stream_options": {"include_usage": true}). The mock server needs only
//   the path (/c/{case}/v1/chat/completions) and, for /v1/… without a case, "model" (src/Conformance.Server
//   Routing/RequestRouter.cs); it never compares the body.
// - openai-chat only: the SDK's legacy completions client (OpenAI.LegacyCompletions.LegacyCompletionClient)
//   is internal, so there is no public surface for openai-completions.
// - End reason: the SDK's update enumerator returns false both at `data: [DONE]` (it stops reading there)
//   and when the body ends cleanly without it; a user cannot tell them apart, so a normal end is `done`.
// - CONFORMANCE_CANCEL_AFTER=0: the SDK sends the request on the first MoveNextAsync, which also reads
//   the first update; the adapter disposes the enumerator right after it, without writing that update.
// - idle-timeout: not the SDK's NetworkTimeout. System.ClientModel arms NetworkTimeout before it sends
//   each try (PipelineTransport.ProcessSyncOrAsync: connection set-up, the first request's JIT and the wait
//   for the headers all count) and only then applies it per read of the body (ReadTimeoutStream). A cold
//   process spends 70-150 ms of a 400 ms budget before its request reaches the server (measured here), so
//   on a loaded machine the timeout fired on live streams. With CONFORMANCE_TIMEOUT_MS the adapter gives
//   the SDK a transport built like System.ClientModel's default one (HttpClientHandler with
//   AllowAutoRedirect = false, HttpClient.Timeout infinite) whose HttpObserver (../Shared) times each body
//   read; NetworkTimeout keeps its default (100 s). Without it the SDK's own default transport is used.
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json.Nodes;
using Conformance.SdkAdapters;
using OpenAI;
using OpenAI.Chat;

// `--responses`: the same SDK's Responses client, scored as its own adapter (Responses.cs).
if (args is ["--responses"]) return await ResponsesAdapter.RunAsync().ConfigureAwait(false);

var hello = new Hello(
    Name: "openai-dotnet",
    Sdk: Hello.SdkOf(typeof(ChatClient).Assembly, "OpenAI"),
    Apis: ["openai-chat"],
    // retries: the SDK's ClientRetryPolicy (default 3 retries: set from CONFORMANCE_MAX_RETRIES).
    // idle-timeout: a per-read timer on the body (HttpObserver in the SDK's transport; see above).
    // cancel: leaving `await foreach` disposes the enumerator, which disposes the response.
    // status: ClientResultException.Status.
    Features: ["retries", "idle-timeout", "cancel", "status"],
    Observes: "objects");

return await Adapter.RunAsync(hello, OpenAiErrors.Classify, async env =>
{
    if (env.Api != "openai-chat") throw new NotSupportedException($"the OpenAI .NET SDK has no public client for {env.Api}");

    var options = new OpenAIClientOptions
    {
        Endpoint = new Uri(env.BaseUrl),
        RetryPolicy = new ClientRetryPolicy(env.MaxRetries),
    };
    if (env.TimeoutMs is { } ms)
    {
        var idle = new HttpObserver(ms, observeRetries: false) { InnerHandler = new HttpClientHandler { AllowAutoRedirect = false } };
        options.Transport = new HttpClientPipelineTransport(new HttpClient(idle) { Timeout = Timeout.InfiniteTimeSpan });
    }
    options.AddPolicy(new RetryObserver(), PipelinePosition.PerTry);

    var (model, messages, chatOptions) = OpenAiRequest.From(env.Request);
    var client = new ChatClient(model, new ApiKeyCredential(env.ApiKey), options);

    var updates = client.CompleteChatStreamingAsync(messages, chatOptions);
    var yielded = 0;
    var enumerator = updates.GetAsyncEnumerator();
    await using (enumerator.ConfigureAwait(false))
    {
        while (await enumerator.MoveNextAsync().ConfigureAwait(false))
        {
            if (env.CancelAfter == 0) return "cancelled";
            var json = ModelReaderWriter.Write(enumerator.Current, ModelReaderWriterOptions.Json);
            Output.Chunk(JsonNode.Parse(json.ToMemory().Span));
            if (env.CancelAfter is { } max && ++yielded >= max) return "cancelled";
        }
    }
    return "done";
}).ConfigureAwait(false);

/// <summary>Builds the SDK's typed request from CONFORMANCE_REQUEST with the SDK's own deserializers.</summary>
internal static class OpenAiRequest
{
    public static (string Model, List<ChatMessage> Messages, ChatCompletionOptions Options) From(JsonObject request)
    {
        var model = request["model"]?.GetValue<string>() ?? "";
        var messages = new List<ChatMessage>();
        if (request["messages"] is JsonArray list)
            foreach (var m in list)
                messages.Add(ModelReaderWriter.Read<ChatMessage>(BinaryData.FromString(m!.ToJsonString()), ModelReaderWriterOptions.Json)!);

        // Everything but the members the SDK sets itself from its arguments.
        var rest = request.DeepClone().AsObject();
        foreach (var own in new[] { "model", "messages", "stream", "stream_options" }) rest.Remove(own);
        var options = ModelReaderWriter.Read<ChatCompletionOptions>(BinaryData.FromString(rest.ToJsonString()), ModelReaderWriterOptions.Json)!;
        return (model, messages, options);
    }
}

/// <summary>Writes a <c>retry</c> line before each try after the first (PerTry: runs once per attempt).</summary>
internal sealed class RetryObserver : PipelinePolicy
{
    private int _attempts;

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Observe();
        ProcessNext(message, pipeline, currentIndex);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Observe();
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
    }

    private void Observe()
    {
        var attempt = Interlocked.Increment(ref _attempts);
        if (attempt > 1) Output.Retry(attempt);
    }
}

internal static class OpenAiErrors
{
    /// <summary>
    /// ClientResultException with a status: a non-2xx response (http). With status 0 it wraps a transport
    /// failure before any response: classified by its inner exception (network, timeout).
    /// The adapter passes the SDK no CancellationToken, so an OperationCanceledException can only be the
    /// SDK's NetworkTimeout firing ("The operation was cancelled because it exceeded the configured timeout",
    /// 100 s by default). The idle timeout raises HttpObserver's IdleTimeoutException (Adapter.RuntimeKind).
    /// </summary>
    public static ErrorKind? Classify(Exception ex) => ex switch
    {
        OperationCanceledException => new("timeout"),
        ClientResultException { Status: >= 100 } c => new("http", c.Status),
        ClientResultException { InnerException: { } inner } => Adapter.RuntimeKind(inner),
        ClientResultException => new("network"),
        _ => null,
    };
}
