// What the .NET SDK adapters share: the contract's environment, JSON Lines out, the hello handshake,
// the runtime's own error kinds and the entry point (docs/adapter-protocol.md). Linked into each
// adapter's project (../Shared/*.cs), and into examples/OpenAiSdk.Conformance.Tests, which runs the same
// adapter code in-process with its observations going to a Conformance.Testing sink instead of stdout
// (IObservationOutput); nothing here parses SSE: that is the SDK under test's job.
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Conformance.SdkAdapters;

/// <summary>The per-case CONFORMANCE_* variables.</summary>
internal sealed record CaseEnv
{
    public required string Api { get; init; }
    /// <summary>Ends in <c>/v1</c>, no trailing slash.</summary>
    public required string BaseUrl { get; init; }
    public required string ApiKey { get; init; }
    public required string RequestJson { get; init; }
    public int? CancelAfter { get; init; }
    public int? TimeoutMs { get; init; }
    /// <summary>Absent means: do not retry. Both SDKs retry by default (OpenAI 3×, Anthropic 2×), so this is always set.</summary>
    public int MaxRetries { get; init; }

    public JsonObject Request => JsonNode.Parse(RequestJson) as JsonObject ?? throw new JsonException("CONFORMANCE_REQUEST is not a JSON object");

    public static CaseEnv FromEnvironment() => From(Env);

    /// <summary>The case from CONFORMANCE_* variables looked up by <paramref name="variable"/> (the process's environment, or an in-process case's).</summary>
    public static CaseEnv From(Func<string, string?> variable)
    {
        int? Int(string name) => int.TryParse(variable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        return new()
        {
            Api = variable("CONFORMANCE_API") ?? "openai-chat",
            BaseUrl = variable("CONFORMANCE_BASE_URL") ?? "",
            ApiKey = variable("CONFORMANCE_API_KEY") ?? "",
            RequestJson = variable("CONFORMANCE_REQUEST") ?? "{}",
            CancelAfter = Int("CONFORMANCE_CANCEL_AFTER"),
            TimeoutMs = Int("CONFORMANCE_TIMEOUT_MS"),
            MaxRetries = Int("CONFORMANCE_MAX_RETRIES") ?? 0,
        };
    }

    internal static string? Env(string name) => Environment.GetEnvironmentVariable(name);
}

/// <summary>The adapter's hello line (docs/adapter-protocol.md, "The hello handshake").</summary>
internal sealed record Hello(string Name, string Sdk, IReadOnlyList<string> Apis, IReadOnlyList<string> Features, string Observes)
{
    /// <summary>"Package@version" from the SDK assembly's informational version (as restored, read at run time).</summary>
    public static string SdkOf(Assembly sdk, string package)
    {
        var v = sdk.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? sdk.GetName().Version?.ToString() ?? "unknown";
        var plus = v.IndexOf('+', StringComparison.Ordinal); // drop "+<commit>" build metadata
        return $"{package}@{(plus >= 0 ? v[..plus] : v)}";
    }
}

/// <summary>Where an adapter's observation lines go: stdout (<see cref="Output.Stdout"/>), or an in-process test's sink.</summary>
internal interface IObservationOutput
{
    /// <summary>One observation line of the contract (<c>{"type":"chunk",…}</c>), in the order it happened.</summary>
    void Write(JsonObject observation);
}

/// <summary>The observation lines every adapter writes, on any <see cref="IObservationOutput"/>.</summary>
internal static class ObservationLines
{
    public static void Chunk(this IObservationOutput output, JsonNode? data) => output.Write(new JsonObject { ["type"] = "chunk", ["data"] = data });

    public static void Retry(this IObservationOutput output, int attempt) => output.Write(new JsonObject { ["type"] = "retry", ["attempt"] = attempt });

    public static void End(this IObservationOutput output, string reason) => output.Write(new JsonObject { ["type"] = "end", ["reason"] = reason });

    public static void Error(this IObservationOutput output, string kind, int? status, string message)
    {
        var e = new JsonObject { ["type"] = "error", ["kind"] = kind };
        if (status is not null) e["status"] = status;
        e["message"] = message;
        output.Write(e);
    }
}

/// <summary>JSON Lines on stdout, flushed per line.</summary>
internal static class Output
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly Lazy<Stream> StdoutStream = new(Console.OpenStandardOutput);
    private static readonly Lock Gate = new();

    /// <summary>The process adapter's output.</summary>
    public static IObservationOutput Stdout { get; } = new StdoutOutput();

    private sealed class StdoutOutput : IObservationOutput
    {
        public void Write(JsonObject observation) => Output.Write(observation);
    }

    public static void Write(JsonObject o)
    {
        var bytes = Encoding.UTF8.GetBytes(o.ToJsonString(Json) + "\n");
        lock (Gate)
        {
            StdoutStream.Value.Write(bytes);
            StdoutStream.Value.Flush();
        }
    }

    public static void Chunk(JsonNode? data) => Stdout.Chunk(data);

    public static void Retry(int attempt) => Stdout.Retry(attempt);

    public static void Hello(Hello h) => Write(new JsonObject
    {
        ["type"] = "hello",
        ["name"] = h.Name,
        ["sdk"] = h.Sdk,
        ["apis"] = new JsonArray([.. h.Apis.Select(a => (JsonNode)a!)]),
        ["features"] = new JsonArray([.. h.Features.Select(f => (JsonNode)f!)]),
        ["observes"] = h.Observes,
    });
}

/// <summary>An error kind and, for HTTP errors, the status (docs/adapter-protocol.md, "error.kind").</summary>
internal readonly record struct ErrorKind(string Kind, int? Status = null);

internal static class Adapter
{
    /// <summary>
    /// With CONFORMANCE_HELLO=1 prints the hello line; otherwise runs <paramref name="body"/> (which returns
    /// the end reason) and reports its end, or the exception it raised as an error line classified by
    /// <paramref name="classify"/> (then by <see cref="RuntimeKind"/>). Returns the exit code: 0 whenever
    /// the adapter ran to its end (a failure while writing output escapes: exit ≠ 0, ADAPTER-ERROR).
    /// </summary>
    public static async Task<int> RunAsync(Hello hello, Func<Exception, ErrorKind?> classify, Func<CaseEnv, Task<string>> body)
    {
        if (CaseEnv.Env("CONFORMANCE_HELLO") == "1")
        {
            Output.Hello(hello);
            return 0;
        }

        var reason = await RunCaseAsync(CaseEnv.FromEnvironment(), Output.Stdout, classify, body).ConfigureAwait(false);
        // A cancelling case: stay alive CONFORMANCE_LINGER_MS, so the harness sees whether leaving the loop
        // (disposing the SDK's enumerator) closed the connection; a process exit would close it anyway.
        if (reason == "cancelled" && int.TryParse(CaseEnv.Env("CONFORMANCE_LINGER_MS"), out var linger) && linger > 0)
            await Task.Delay(linger).ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// Runs one case: <paramref name="body"/>'s end reason as the final <c>end</c> line, or the exception it raised as an
    /// <c>error</c> line classified by <paramref name="classify"/> (then by <see cref="RuntimeKind"/>). Returns the end
    /// reason, or null after an error. The process entry point and an in-process test both go through here.
    /// </summary>
    public static async Task<string?> RunCaseAsync(CaseEnv env, IObservationOutput output, Func<Exception, ErrorKind?> classify, Func<CaseEnv, Task<string>> body)
    {
        string reason;
        try
        {
            reason = await body(env).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var k = classify(ex) ?? RuntimeKind(ex);
            output.Error(k.Kind, k.Status, Describe(ex));
            return null;
        }
        output.End(reason);
        return reason;
    }

    /// <summary>Kinds of exceptions that no SDK type claims: the runtime's own.</summary>
    public static ErrorKind RuntimeKind(Exception ex) => ex switch
    {
        IdleTimeoutException => new("timeout"),
        TimeoutException => new("timeout"),
        JsonException => new("parse"),
        // System.Text.Json reading a string that is not valid UTF-8 ("Cannot transcode invalid UTF-8 JSON text").
        InvalidOperationException { InnerException: DecoderFallbackException } => new("parse"),
        OperationCanceledException when ex.InnerException is TimeoutException => new("timeout"),
        OperationCanceledException => new("abort"),
        HttpRequestException or IOException or System.Net.Sockets.SocketException => new("network"),
        _ => new("other"),
    };

    /// <summary>"Type: message &lt;- InnerType: message": the exception class name first, as the contract's <c>message</c>.</summary>
    public static string Describe(Exception ex)
    {
        var parts = new List<string>();
        for (var e = ex; e is not null && parts.Count < 4; e = e.InnerException) parts.Add($"{e.GetType().Name}: {e.Message}");
        return string.Join(" <- ", parts);
    }
}
