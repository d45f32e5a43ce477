// `OpenAiSdkAdapter --responses`: the same SDK's Responses client (OpenAI.Responses.ResponsesClient, marked
// [Experimental("OPENAI001")] in 2.15.0) behind the process adapter contract as `openai-dotnet-responses`:
// ResponsesClient.CreateResponseStreamingAsync, endpoint = CONFORMANCE_BASE_URL, every StreamingResponseUpdate
// written back with ModelReaderWriter.Write(update, ModelReaderWriterOptions.Json) as the chunk's data.
//
// Deviations from the contract, and why (as for the chat adapter, Program.cs):
// - The request is rebuilt by the SDK's own deserializer: ModelReaderWriter.Read<CreateResponseOptions> on every
//   member but "input" and "stream"; "input" as a string becomes one user message item (the SDK's reader takes
//   only the array form), as an array each element is read with ModelReaderWriter.Read<ResponseItem>.
//   StreamingEnabled is set (the SDK throws on a streaming call without it) and sends "stream": true.
// - End reason: the update enumerator ends normally when the body ends, after the terminal event or not; a user
//   cannot tell them apart without looking for response.completed, so a normal end is `done`.
// - Retries, idle timeout and status exactly as the chat adapter (the same System.ClientModel pipeline). Cancel:
//   CreateResponseStreamingAsync returns once the head is in; leaving `await foreach` (or CANCEL_AFTER=0, before
//   any read) disposes the AsyncStreamingResult, which disposes the response.
#pragma warning disable OPENAI001 // the Responses client is experimental in the pinned SDK; scoring it is the point
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json.Nodes;
using Conformance.SdkAdapters;
using OpenAI.Responses;

namespace OpenAiSdkAdapter;

internal static class ResponsesAdapter
{
    public static Task<int> RunAsync() => Adapter.RunAsync(new Hello(
            Name: "openai-dotnet-responses",
            Sdk: Hello.SdkOf(typeof(ResponsesClient).Assembly, "OpenAI"),
            Apis: ["openai-responses"],
            Features: ["retries", "idle-timeout", "cancel", "status"],
            Observes: "objects"),
        OpenAiErrors.Classify, async env =>
        {
            if (env.Api != "openai-responses") throw new NotSupportedException($"openai-dotnet-responses speaks openai-responses, not {env.Api}");
            var options = new ResponsesClientOptions
            {
                Endpoint = new Uri(env.BaseUrl),
                RetryPolicy = new ClientRetryPolicy(env.MaxRetries),
            };
            if (env.TimeoutMs is { } ms)
            {
                var idle = new HttpObserver(ms, observeRetries: false) { InnerHandler = new HttpClientHandler { AllowAutoRedirect = false } };
                options.Transport = new HttpClientPipelineTransport(new HttpClient(idle) { Timeout = Timeout.InfiniteTimeSpan });
            }
            options.AddPolicy(new RetryObserver(Output.Stdout), PipelinePosition.PerTry);

            var client = new ResponsesClient(new ApiKeyCredential(env.ApiKey), options);
            // The call returns once the response head is in (unlike the chat client, whose first MoveNextAsync sends).
            var updates = await client.CreateResponseStreamingAsync(Request(env.Request)).ConfigureAwait(false);
            await using (((IAsyncDisposable)updates).ConfigureAwait(false))
            {
                if (env.CancelAfter == 0) return "cancelled"; // disposing the result disposes the response unread
                var yielded = 0;
                await foreach (var update in ((IAsyncEnumerable<StreamingResponseUpdate>)updates).ConfigureAwait(false))
                {
                    var json = ModelReaderWriter.Write(update, ModelReaderWriterOptions.Json);
                    Output.Stdout.Chunk(JsonNode.Parse(json.ToMemory().Span));
                    if (env.CancelAfter is { } max && ++yielded >= max) return "cancelled";
                }
            }
            return "done";
        });

    /// <summary>CONFORMANCE_REQUEST as the SDK's typed request, built with the SDK's own deserializers.</summary>
    internal static CreateResponseOptions Request(JsonObject request)
    {
        var rest = request.DeepClone().AsObject();
        var input = rest["input"];
        foreach (var own in new[] { "input", "stream" }) rest.Remove(own);
        var options = ModelReaderWriter.Read<CreateResponseOptions>(BinaryData.FromString(rest.ToJsonString()), ModelReaderWriterOptions.Json)!;
        options.StreamingEnabled = true; // the SDK refuses a streaming call without it, and sends "stream": true
        switch (input)
        {
            case JsonValue v when v.TryGetValue<string>(out var text):
                options.InputItems.Add(ResponseItem.CreateUserMessageItem(text));
                break;
            case JsonArray items:
                foreach (var item in items)
                    options.InputItems.Add(ModelReaderWriter.Read<ResponseItem>(BinaryData.FromString(item!.ToJsonString()), ModelReaderWriterOptions.Json)!);
                break;
        }
        return options;
    }
}
