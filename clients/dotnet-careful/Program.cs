// Careful C# reference client speaking the process-adapter contract (docs/adapter-protocol.md).
// Same behaviour as clients/node-careful: see clients/README.md.
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DotnetCareful;

if (Environment.GetEnvironmentVariable("CONFORMANCE_HELLO") == "1")
{
    // The hello handshake (docs/adapter-protocol.md): every API, every feature, event objects, and service mode.
    Console.Out.WriteLine($$"""{"type":"hello","name":"dotnet-careful","sdk":"dotnet@{{Environment.Version}}","apis":["openai-chat","openai-completions","anthropic-messages","openai-responses"],"features":["retries","idle-timeout","cancel","status","total-timeout"],"observes":"objects","modes":["service"]}""");
    return 0;
}
var stdout = Console.OpenStandardOutput();
if (Environment.GetEnvironmentVariable("CONFORMANCE_SERVICE") == "1")
{
    // Service mode (docs/adapter-protocol.md): one case per stdin line, the runtime started once.
    await Service.RunAsync(stdout).ConfigureAwait(false);
    return 0;
}
await Service.RunCaseAsync(Service.ProcessEnvironment(), stdout).ConfigureAwait(false);
return 0;

namespace DotnetCareful
{
    /// <summary>One case from its variables, and the service-mode loop around it.</summary>
    internal static class Service
    {
        public static IReadOnlyDictionary<string, string> ProcessEnvironment() =>
            Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .Where(e => e.Key is string k && k.StartsWith("CONFORMANCE_", StringComparison.Ordinal))
                .ToDictionary(e => (string)e.Key, e => (string)(e.Value ?? ""), StringComparer.Ordinal);

        /// <summary>
        /// One case. Every connection it opens belongs to its own handler, disposed before this returns: in service
        /// mode that is what a process exit is in per-process mode, so a case can never share a connection with another.
        /// </summary>
        public static async Task RunCaseAsync(IReadOnlyDictionary<string, string> env, Stream stdout)
        {
            await new Adapter(env, stdout).RunAsync().ConfigureAwait(false);
            // A cancelling case: stay alive CONFORMANCE_LINGER_MS after the final line, so the harness sees that the
            // cancel (disposing the response), not the process exit (or the case-end), closed the connection.
            if (env.ContainsKey("CONFORMANCE_CANCEL_AFTER")
                && env.TryGetValue("CONFORMANCE_LINGER_MS", out var linger) && int.TryParse(linger, out var lingerMs) && lingerMs > 0)
                await Task.Delay(lingerMs).ConfigureAwait(false);
        }

        /// <summary>Reads {"type":"case","id":…,"env":{…}} lines until stdin closes; answers each with its observations and a case-end line.</summary>
        public static async Task RunAsync(Stream stdout)
        {
            using var stdin = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
            while (await stdin.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                var request = JsonNode.Parse(line)!.AsObject();
                var id = request["id"]?.GetValue<string>() ?? "";
                var env = request["env"]!.AsObject().ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "", StringComparer.Ordinal);
                await RunCaseAsync(env, stdout).ConfigureAwait(false);
                var end = Encoding.UTF8.GetBytes(new JsonObject { ["type"] = "case-end", ["id"] = id }.ToJsonString() + "\n");
                stdout.Write(end);
                stdout.Flush();
            }
        }
    }

    /// <summary>Environment in, JSON Lines out.</summary>
    internal sealed class Adapter(IReadOnlyDictionary<string, string> env, Stream stdout)
    {
        private static readonly HashSet<int> Retryable = [429, 500, 502, 503, 504];
        private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);
        private static readonly JsonSerializerOptions JsonOut = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        private readonly string _api = env.GetValueOrDefault("CONFORMANCE_API") ?? "openai-chat";
        private readonly int? _cancelAfter = ParseInt(env.GetValueOrDefault("CONFORMANCE_CANCEL_AFTER"));
        private readonly int? _timeoutMs = ParseInt(env.GetValueOrDefault("CONFORMANCE_TIMEOUT_MS"));
        private readonly int _maxRetries = ParseInt(env.GetValueOrDefault("CONFORMANCE_MAX_RETRIES")) ?? 0;

        // One budget for the whole call, every attempt included (seed 001: "a single budget across every call"):
        // heartbeats re-arm the idle timer forever, only the deadline ends an endless stream.
        private readonly int? _totalMs = ParseInt(env.GetValueOrDefault("CONFORMANCE_TOTAL_TIMEOUT_MS"));
        private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;

        // bastion (and no profile) → flush an unterminated final event (seed 001, Bastion);
        // whatwg/openai/anthropic → discard it, as the WHATWG algorithm does.
        private readonly bool _flushTrailing = (env.GetValueOrDefault("CONFORMANCE_PROFILE") ?? "").ToLowerInvariant() is not ("whatwg" or "openai" or "anthropic");

        private MessageAssembler _asm = null!;

        public async Task RunAsync()
        {
            _asm = new MessageAssembler(_api);
            var path = _api switch
            {
                "anthropic-messages" => "/messages",
                "openai-completions" => "/completions",
                "openai-responses" => "/responses",
                _ => "/chat/completions",
            };
            var url = new Uri(Env("CONFORMANCE_BASE_URL") + path);
            var body = Encoding.UTF8.GetBytes(Env("CONFORMANCE_REQUEST") ?? "");

            using var handler = new SocketsHttpHandler
            {
                // Never drain an abandoned response to reuse the connection: disposing must close it (cancel-after).
                MaxResponseDrainSize = 0,
                // A server may gzip the stream (flushed per write); decode it as browsers and fetch do.
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
                UseProxy = false,
            };
            using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };

            for (var attempt = 1; ; attempt++)
            {
                var canRetry = attempt <= _maxRetries;
                using var idle = new CancellationTokenSource();
                Arm(idle); // the idle timeout also covers waiting for the response headers
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Env("CONFORMANCE_API_KEY") ?? "");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                if (_api == "anthropic-messages") request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");

                HttpResponseMessage response;
                try
                {
                    response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (idle.IsCancellationRequested)
                {
                    Error("timeout", TimeoutMessage());
                    return;
                }
                catch (HttpRequestException ex)
                {
                    if (canRetry)
                    {
                        await Task.Delay(Backoff(attempt)).ConfigureAwait(false);
                        Write(new JsonObject { ["type"] = "retry", ["attempt"] = attempt + 1 });
                        continue;
                    }

                    Error("network", Describe(ex));
                    return;
                }

                using (response)
                {
                    if (!response.IsSuccessStatusCode)
                    {
                        var status = (int)response.StatusCode;
                        string text;
                        try
                        {
                            text = await response.Content.ReadAsStringAsync(idle.Token).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
                        {
                            text = "";
                        }

                        if (Retryable.Contains(status) && canRetry)
                        {
                            await Task.Delay(RetryAfterMs(response.Headers) ?? RetryAfter(response.Headers.RetryAfter) ?? Backoff(attempt)).ConfigureAwait(false);
                            Write(new JsonObject { ["type"] = "retry", ["attempt"] = attempt + 1 });
                            continue;
                        }

                        var reason = string.IsNullOrEmpty(response.ReasonPhrase) ? $"HTTP {status}" : response.ReasonPhrase;
                        Error("http", ErrorMessage(text, reason), status, ErrorType(text));
                        return;
                    }

                    // A 200 that is a JSON document, not an event stream, is an error response in disguise
                    // (seed 004: "Content-Type: text/event-stream"): raise it instead of parsing it as SSE.
                    if (response.Content.Headers.ContentType?.MediaType is "application/json")
                    {
                        string json;
                        try { json = await response.Content.ReadAsStringAsync(idle.Token).ConfigureAwait(false); }
                        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException) { json = ""; }
                        Error("api", ErrorMessage(json, "200 with an application/json body instead of a stream"), (int)response.StatusCode, ErrorType(json));
                        return;
                    }

                    // The stream is open: from here on nothing is retried (seed 000: a dropped stream is the caller's to retry).
                    await StreamAsync(response, idle).ConfigureAwait(false);
                    return;
                }
            }
        }

        private async Task StreamAsync(HttpResponseMessage response, CancellationTokenSource idle)
        {
            var parser = new SseParser(_flushTrailing);
            var yielded = 0;
            var stream = await response.Content.ReadAsStreamAsync(idle.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                if (_cancelAfter == 0)
                {
                    End("cancelled");
                    return; // disposing the stream and response closes the connection
                }

                var buffer = new byte[16 * 1024];
                while (true)
                {
                    int n;
                    Arm(idle);
                    try
                    {
                        n = await stream.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (idle.IsCancellationRequested)
                    {
                        Error("timeout", TimeoutMessage());
                        return;
                    }
                    catch (Exception ex) when (ex is HttpRequestException or IOException)
                    {
                        // Connection reset or premature end ("response ended prematurely"): never a clean end.
                        Error("network", Describe(ex));
                        return;
                    }

                    if (n == 0) break;
                    if (Handle(parser.Push(buffer.AsSpan(0, n)), ref yielded)) return; // `using` closes the connection
                }

                if (Handle(parser.End(), ref yielded)) return;
                if (_api == "openai-responses")
                {
                    // Every Responses stream ends with a terminal event; a body that ends before one is an incomplete answer.
                    Error("other", "the stream ended without a terminal event (response.completed, response.incomplete or response.failed)");
                    return;
                }

                End("eof");
            }
        }

        /// <summary>Handles parsed events; returns true when the run is over.</summary>
        private bool Handle(List<SseEvent> events, ref int yielded)
        {
            foreach (var ev in events)
            {
                if (ev.Data.Length == 0) continue; // empty data is not dispatched
                if (ev.Data == "[DONE]")
                {
                    // Checked before JSON parsing (seed 003: "Check for [DONE], then parse.").
                    End("done");
                    return true;
                }

                JsonNode? value;
                try
                {
                    value = JsonNode.Parse(ev.Data);
                }
                catch (JsonException)
                {
                    continue; // seed 001: "Non-JSON data: lines (e.g. heartbeats, comments) are dropped silently."
                }

                if (_api == "openai-responses")
                {
                    // Typed events: route by the data's type (the event: line, when present, equals it).
                    var type = (value as JsonObject)?["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : ev.Event;
                    if (type == "error" || ev.Event == "error" || (type is null && value is JsonObject { } eo && eo["error"] is JsonObject))
                    {
                        // Both shapes seen in the wild: flat {type, code, message} and nested {type, error: {…}}.
                        var json = value?.ToJsonString() ?? "";
                        Error("api", ErrorMessage(json, "error event"), null, ResponsesErrorType(value));
                        return true;
                    }

                    if (type == "response.failed")
                    {
                        var failed = value?["response"]?["error"];
                        Error("api", Str(failed?["message"]) ?? "response.failed", null, Str(failed?["code"]));
                        return true;
                    }

                    Chunk(value, ref yielded);
                    if (type is "response.completed" or "response.incomplete")
                    {
                        End("done");
                        return true;
                    }
                }
                else if (_api == "anthropic-messages")
                {
                    var type = (value as JsonObject)?["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : ev.Event;
                    if (type == "ping") continue;
                    if (type == "error" || ev.Event == "error")
                    {
                        Error("api", ErrorMessage(value?.ToJsonString() ?? "", "error event"), null, ErrorType(value?.ToJsonString() ?? ""));
                        return true;
                    }

                    Chunk(value, ref yielded);
                    if (type == "message_stop")
                    {
                        End("done");
                        return true;
                    }
                }
                else
                {
                    if ((value is JsonObject o && o["error"] is not null && o["choices"] is null) || ev.Event == "error")
                    {
                        // SandBase-style error embedded in a 200 stream (seed 004).
                        Error("api", ErrorMessage(value?.ToJsonString() ?? "", "error event"), null, ErrorType(value?.ToJsonString() ?? ""));
                        return true;
                    }

                    Chunk(value, ref yielded);
                }

                if (_cancelAfter is { } max && yielded >= max)
                {
                    End("cancelled");
                    return true;
                }
            }

            return false;
        }

        private void Chunk(JsonNode? value, ref int yielded)
        {
            Write(new JsonObject { ["type"] = "chunk", ["data"] = value?.DeepClone() });
            _asm.Add(value);
            yielded++;
        }

        private void End(string reason)
        {
            Write(_asm.ToMessage());
            Write(new JsonObject { ["type"] = "end", ["reason"] = reason });
        }

        private void Error(string kind, string message, int? status = null, string? errorType = null)
        {
            if (_asm.Any) Write(_asm.ToMessage());
            var e = new JsonObject { ["type"] = "error", ["kind"] = kind };
            if (status is not null) e["status"] = status;
            e["message"] = message;
            if (errorType is not null) e["error_type"] = errorType; // the provider's name for it (overloaded_error, …)
            Write(e);
        }

        private void Write(JsonObject o)
        {
            var bytes = Encoding.UTF8.GetBytes(o.ToJsonString(JsonOut) + "\n");
            stdout.Write(bytes);
            stdout.Flush();
        }

        private void Arm(CancellationTokenSource idle)
        {
            // CancelAfter resets the pending timer: an idle timeout, never past the total deadline.
            TimeSpan? left = _totalMs is { } total ? TimeSpan.FromMilliseconds(Math.Max(0, total - (DateTimeOffset.UtcNow - _started).TotalMilliseconds)) : null;
            TimeSpan? idleFor = _timeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
            if ((idleFor, left) switch { ({ } i, { } l) => i < l ? i : l, ({ } i, null) => i, (null, { } l) => l, _ => (TimeSpan?)null } is { } after)
                idle.CancelAfter(after);
        }

        private string TimeoutMessage() =>
            _totalMs is { } total && (DateTimeOffset.UtcNow - _started).TotalMilliseconds >= total - 5 ? $"total budget of {total} ms spent" : $"no bytes for {_timeoutMs} ms";

        private static TimeSpan Backoff(int retryIndex)
        {
            var baseMs = Math.Min(200 * Math.Pow(2, retryIndex - 1), MaxDelay.TotalMilliseconds);
            return TimeSpan.FromMilliseconds(baseMs / 2 + Random.Shared.NextDouble() * baseMs / 2); // equal jitter
        }

        /// <summary>
        /// <c>retry-after-ms</c> (milliseconds), read before Retry-After as OpenAI's SDKs do (openai-node src/client.ts:
        /// "Note the `retry-after-ms` header may not be standard, but is a good idea and we'd like proactive support for it.").
        /// </summary>
        private static TimeSpan? RetryAfterMs(HttpResponseHeaders headers)
        {
            if (!headers.TryGetValues("retry-after-ms", out var values)) return null;
            if (!double.TryParse(values.FirstOrDefault()?.Trim(), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var ms)) return null;
            var d = TimeSpan.FromMilliseconds(Math.Ceiling(ms));
            return d > MaxDelay ? MaxDelay : d;
        }

        private static TimeSpan? RetryAfter(RetryConditionHeaderValue? h)
        {
            TimeSpan? d = h?.Delta ?? (h?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
            if (d is null) return null;
            if (d < TimeSpan.Zero) return TimeSpan.Zero;
            return d > MaxDelay ? MaxDelay : d;
        }

        private static string ErrorMessage(string body, string fallback)
        {
            try
            {
                if (JsonNode.Parse(body) is JsonObject j)
                {
                    var m = j["error"] is JsonObject e ? e["message"] : j["message"] ?? j["error"];
                    if (m is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } s) return s;
                }
            }
            catch (JsonException)
            {
                // not JSON
            }

            return string.IsNullOrWhiteSpace(body) ? fallback : body.Trim();
        }

        /// <summary>The provider's name for the error: <c>error.type</c> of {"error":{…}} or Anthropic's {"type":"error","error":{…}}.</summary>
        private static string? ErrorType(string body)
        {
            try
            {
                return JsonNode.Parse(body) is JsonObject { } j && j["error"] is JsonObject e && e["type"] is JsonValue v
                       && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } s
                    ? s
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>A Responses error event's name for its error: the nested error's type (else code), or a flat event's code.</summary>
        private static string? ResponsesErrorType(JsonNode? value) =>
            value?["error"] is JsonObject nested ? Str(nested["type"]) ?? Str(nested["code"]) : Str(value?["code"]);

        private static string? Str(JsonNode? n) =>
            n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

        private static string Describe(Exception ex)
        {
            var parts = new List<string>();
            for (var e = ex; e is not null; e = e.InnerException) parts.Add($"{e.GetType().Name}: {e.Message}");
            return string.Join(" <- ", parts);
        }

        private string? Env(string name) => env.TryGetValue(name, out var v) ? v : null;

        private int? IntEnv(string name) => ParseInt(Env(name));

        private static int? ParseInt(string? text) =>
            int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
    }
}
