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
using Conformance.SdkAdapters;
using OpenAiSdkAdapter;

// `--responses`: the same SDK's Responses client, scored as its own adapter (Responses.cs).
if (args is ["--responses"]) return await ResponsesAdapter.RunAsync().ConfigureAwait(false);

// The streaming logic lives in OpenAiChat.cs, which examples/OpenAiSdk.Conformance.Tests links to run the same code in-process.
return await Adapter.RunAsync(OpenAiChat.Hello, OpenAiErrors.Classify, env => OpenAiChat.StreamAsync(env, Output.Stdout)).ConfigureAwait(false);
