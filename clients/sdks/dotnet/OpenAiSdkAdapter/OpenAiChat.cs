// The OpenAI .NET SDK's chat stream mapped to the adapter contract's observations (see Program.cs for the
// deviations from the contract and why). Linked into examples/OpenAiSdk.Conformance.Tests, which runs this same
// code in-process (docs/testing-package.md): only the IObservationOutput differs (stdout here, a sink there).
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json.Nodes;
using Conformance.SdkAdapters;
using OpenAI;
using OpenAI.Chat;

namespace OpenAiSdkAdapter;

internal static class OpenAiChat
{
    public static Hello Hello { get; } = new(
        Name: "openai-dotnet",
        Sdk: Hello.SdkOf(typeof(ChatClient).Assembly, "OpenAI"),
        Apis: ["openai-chat"],
        // retries: the SDK's ClientRetryPolicy (default 3 retries: set from CONFORMANCE_MAX_RETRIES).
        // idle-timeout: a per-read timer on the body (HttpObserver in the SDK's transport; see Program.cs).
        // cancel: leaving `await foreach` disposes the enumerator, which disposes the response.
        // status: ClientResultException.Status.
        Features: ["retries", "idle-timeout", "cancel", "status"],
        Observes: "objects");

    /// <summary>
    /// One case: ChatClient.CompleteChatStreamingAsync against <see cref="CaseEnv.BaseUrl"/>, every update written back
    /// with the SDK's own ModelReaderWriter as a chunk. Returns the end reason; the SDK's exceptions escape (classified by
    /// <see cref="OpenAiErrors.Classify"/>). <paramref name="ct"/> goes to the SDK (the process adapter passes none).
    /// </summary>
    public static async Task<string> StreamAsync(CaseEnv env, IObservationOutput output, CancellationToken ct = default)
    {
        if (env.Api != "openai-chat") throw new NotSupportedException($"the OpenAI .NET SDK has no public client for {env.Api}");

        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(env.BaseUrl),
            RetryPolicy = new ClientRetryPolicy(env.MaxRetries),
        };
        if (env.TimeoutMs is { } ms)
        {
            var idle = new HttpObserver(ms, observeRetries: false, output) { InnerHandler = new HttpClientHandler { AllowAutoRedirect = false } };
            options.Transport = new HttpClientPipelineTransport(new HttpClient(idle) { Timeout = Timeout.InfiniteTimeSpan });
        }
        options.AddPolicy(new RetryObserver(output), PipelinePosition.PerTry);

        var (model, messages, chatOptions) = OpenAiRequest.From(env.Request);
        var client = new ChatClient(model, new ApiKeyCredential(env.ApiKey), options);

        var updates = client.CompleteChatStreamingAsync(messages, chatOptions, ct);
        var yielded = 0;
        var enumerator = updates.GetAsyncEnumerator(ct);
        await using (enumerator.ConfigureAwait(false))
        {
            while (await enumerator.MoveNextAsync().ConfigureAwait(false))
            {
                if (env.CancelAfter == 0) return "cancelled";
                var json = ModelReaderWriter.Write(enumerator.Current, ModelReaderWriterOptions.Json);
                output.Chunk(JsonNode.Parse(json.ToMemory().Span));
                if (env.CancelAfter is { } max && ++yielded >= max) return "cancelled";
            }
        }
        return "done";
    }
}

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
internal sealed class RetryObserver(IObservationOutput output) : PipelinePolicy
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
        if (attempt > 1) output.Retry(attempt);
    }
}

internal static class OpenAiErrors
{
    /// <summary>
    /// ClientResultException with a status: a non-2xx response (http). With status 0 it wraps a transport
    /// failure before any response: classified by its inner exception (network, timeout).
    /// The process adapter passes the SDK no CancellationToken, so an OperationCanceledException can only be the
    /// SDK's NetworkTimeout firing ("The operation was cancelled because it exceeded the configured timeout",
    /// 100 s by default), or, in-process, the case's own timeout. The idle timeout raises HttpObserver's
    /// IdleTimeoutException (Adapter.RuntimeKind).
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
