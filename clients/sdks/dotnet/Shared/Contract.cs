// What both .NET SDK adapters share: the contract's environment, JSON Lines out, the hello handshake,
// the runtime's own error kinds and the entry point (docs/adapter-protocol.md). Linked into each
// adapter's project (../Shared/*.cs); nothing here parses SSE: that is the SDK under test's job.
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

    public static CaseEnv FromEnvironment() => new()
    {
        Api = Env("CONFORMANCE_API") ?? "openai-chat",
        BaseUrl = Env("CONFORMANCE_BASE_URL") ?? "",
        ApiKey = Env("CONFORMANCE_API_KEY") ?? "",
        RequestJson = Env("CONFORMANCE_REQUEST") ?? "{}",
        CancelAfter = IntEnv("CONFORMANCE_CANCEL_AFTER"),
        TimeoutMs = IntEnv("CONFORMANCE_TIMEOUT_MS"),
        MaxRetries = IntEnv("CONFORMANCE_MAX_RETRIES") ?? 0,
    };

    internal static string? Env(string name) => Environment.GetEnvironmentVariable(name);

    private static int? IntEnv(string name) =>
        int.TryParse(Env(name), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
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

/// <summary>JSON Lines on stdout, flushed per line.</summary>
internal static class Output
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly Stream Stdout = Console.OpenStandardOutput();
    private static readonly Lock Gate = new();

    public static void Write(JsonObject o)
    {
        var bytes = Encoding.UTF8.GetBytes(o.ToJsonString(Json) + "\n");
        lock (Gate)
        {
            Stdout.Write(bytes);
            Stdout.Flush();
        }
    }

    public static void Chunk(JsonNode? data) => Write(new JsonObject { ["type"] = "chunk", ["data"] = data });

    public static void Retry(int attempt) => Write(new JsonObject { ["type"] = "retry", ["attempt"] = attempt });

    public static void End(string reason) => Write(new JsonObject { ["type"] = "end", ["reason"] = reason });

    public static void Error(string kind, int? status, string message)
    {
        var e = new JsonObject { ["type"] = "error", ["kind"] = kind };
        if (status is not null) e["status"] = status;
        e["message"] = message;
        Write(e);
    }

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

        string reason;
        try
        {
            reason = await body(CaseEnv.FromEnvironment()).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var k = classify(ex) ?? RuntimeKind(ex);
            Output.Error(k.Kind, k.Status, Describe(ex));
            return 0;
        }

        Output.End(reason);
        // A cancelling case: stay alive CONFORMANCE_LINGER_MS, so the harness sees whether leaving the loop
        // (disposing the SDK's enumerator) closed the connection; a process exit would close it anyway.
        if (reason == "cancelled" && int.TryParse(CaseEnv.Env("CONFORMANCE_LINGER_MS"), out var linger) && linger > 0)
            await Task.Delay(linger).ConfigureAwait(false);
        return 0;
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
