using Conformance.Core.Rules;

namespace Conformance.Lint.Rules;

/// <summary>
/// The server-side rules, <c>rules/server-rules.json</c>: embedded at build time and parsed by <see cref="RuleCatalog"/>
/// (the loader of rules.json and proxy-rules.json). Every rule names <see cref="CheckKinds.Server"/>: only the linter scores it.
/// </summary>
public static class ServerRules
{
    public const string StatusOk = "server.http.status-ok";
    public const string ContentType = "server.http.content-type";
    public const string CacheControl = "server.http.cache-control";
    public const string NoCompression = "server.http.no-compression";
    public const string BlankLine = "server.sse.blank-line";
    public const string LineEndings = "server.sse.line-endings";
    public const string Flush = "server.flush.per-event";
    public const string OpenAiDataJson = "server.openai.data-json";
    public const string OpenAiChunkObject = "server.openai.chunk-object";
    public const string OpenAiChunkStable = "server.openai.chunk-stable";
    public const string OpenAiFirstDeltaRole = "server.openai.first-delta-role";
    public const string OpenAiFinishReason = "server.openai.finish-reason";
    public const string OpenAiUsageChunk = "server.openai.usage-chunk";
    public const string OpenAiDone = "server.openai.done";
    public const string OpenAiNothingAfterDone = "server.openai.nothing-after-done";
    public const string OpenAiNoEmbeddedError = "server.openai.no-embedded-error";
    public const string OpenAiErrorShape = "server.openai.error-shape";
    public const string AnthropicDataJson = "server.anthropic.data-json";
    public const string AnthropicEventOrder = "server.anthropic.event-order";
    public const string AnthropicMessageStop = "server.anthropic.message-stop";
    public const string AnthropicErrorShape = "server.anthropic.error-shape";
    public const string ResponsesEventType = "server.responses.event-type";
    public const string ResponsesSequence = "server.responses.sequence-number";
    public const string ResponsesTerminal = "server.responses.terminal-event";
    public const string ResponsesDoneAgrees = "server.responses.done-agrees";
    public const string ResponsesErrorShape = "server.responses.error-shape";
    public const string GeminiDataJson = "server.gemini.data-json";
    public const string GeminiFinishReason = "server.gemini.finish-reason";
    public const string GeminiErrorShape = "server.gemini.error-shape";

    public const string FileName = "server-rules.json";

    private static readonly Lazy<RuleCatalog> Loaded = new(LoadEmbedded);

    public static RuleCatalog Catalog => Loaded.Value;

    public static IReadOnlyList<Rule> All => Catalog.All;

    public static Rule Get(string id) => Catalog.Find(id) ?? throw new KeyNotFoundException($"no server rule '{id}' in rules/{FileName}");

    /// <summary>The catalogue's own validation, plus: every rule is scored by <see cref="CheckKinds.Server"/>.</summary>
    public static (RuleCatalog Catalog, IReadOnlyList<string> Errors) Parse(string json)
    {
        var (catalog, errors) = RuleCatalog.Parse(json, FileName);
        var wrong = catalog.All.Where(r => r.Check != CheckKinds.Server)
            .Select(r => $"{FileName}: {r.Id}: check must be '{CheckKinds.Server}', got '{r.Check}'");
        return (catalog, [.. errors, .. wrong]);
    }

    private static RuleCatalog LoadEmbedded()
    {
        using var stream = typeof(ServerRules).Assembly.GetManifestResourceStream(FileName)
            ?? throw new InvalidOperationException($"{FileName} is not embedded");
        using var reader = new StreamReader(stream);
        var (catalog, errors) = Parse(reader.ReadToEnd());
        // A broken embedded file is a harness bug (the tests load the same file), not a user error.
        if (errors.Count > 0) throw new InvalidOperationException(string.Join("; ", errors));
        return catalog;
    }
}
