using System.Text.Json;
using System.Text.Json.Serialization;
using Conformance.Core.Rules;

namespace Conformance.Proxy.Rules;

/// <summary>
/// The proxy rules, loaded from <c>rules/proxy-rules.json</c> (embedded at build time). Same shape as
/// rules/rules.json: id, says, level (MUST|SHOULD|INFO), source {document, quote}, check.
/// </summary>
public static class ProxyRules
{
    public const string NoBuffering = "proxy.no-buffering";
    public const string ContentType = "proxy.content-type.preserved";
    public const string CacheControl = "proxy.cache-control.no-cache";
    public const string NoCompression = "proxy.no-compression";
    public const string BytesIdentical = "proxy.bytes.identical";
    public const string Disconnect = "proxy.disconnect.propagates";
    public const string StatusPassthrough = "proxy.status.passthrough";
    public const string ResetPropagates = "proxy.reset.propagates";
    public const string HeartbeatKeepsAlive = "proxy.heartbeat.keeps-alive";

    /// <summary>The check every proxy rule names.</summary>
    public const string Check = "proxy";

    private static readonly Lazy<IReadOnlyList<Rule>> Loaded = new(LoadEmbedded);

    public static IReadOnlyList<Rule> All => Loaded.Value;

    public static Rule Get(string id) => All.FirstOrDefault(r => r.Id == id) ?? throw new KeyNotFoundException($"no proxy rule '{id}' in rules/proxy-rules.json");

    /// <summary>Parses a rules file; every problem is collected with the entry it belongs to.</summary>
    public static IReadOnlyList<Rule> Parse(string json, out IReadOnlyList<string> errors)
    {
        var list = new List<string>();
        errors = list;
        var entries = JsonSerializer.Deserialize<List<RuleEntry>>(json, JsonOptions) ?? [];
        var rules = new List<Rule>();
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var where = $"rules[{i}]{(e.Id is null ? "" : $" ({e.Id})")}";
            if (string.IsNullOrWhiteSpace(e.Id)) list.Add($"{where}: id is missing");
            if (string.IsNullOrWhiteSpace(e.Says)) list.Add($"{where}: says is missing");
            if (e.Source is null || string.IsNullOrWhiteSpace(e.Source.Document) || string.IsNullOrWhiteSpace(e.Source.Quote)) list.Add($"{where}: source.document and source.quote are required");
            if (e.Check != Check) list.Add($"{where}: check must be '{Check}', got '{e.Check}'");
            RuleLevel? level = e.Level switch { "MUST" => RuleLevel.Must, "SHOULD" => RuleLevel.Should, "INFO" => RuleLevel.Info, _ => null };
            if (level is null) list.Add($"{where}: level must be MUST, SHOULD or INFO, got '{e.Level}'");
            if (rules.Any(r => r.Id == e.Id)) list.Add($"{where}: duplicate id");
            if (list.Count == 0)
                rules.Add(new Rule { Id = e.Id!, Says = e.Says!, Level = level!.Value, Source = new RuleSource(e.Source!.Document!, e.Source.Quote!), Check = e.Check! });
        }
        return rules;
    }

    private static IReadOnlyList<Rule> LoadEmbedded()
    {
        using var stream = typeof(ProxyRules).Assembly.GetManifestResourceStream("proxy-rules.json")
            ?? throw new InvalidOperationException("proxy-rules.json is not embedded");
        using var reader = new StreamReader(stream);
        var rules = Parse(reader.ReadToEnd(), out var errors);
        if (errors.Count > 0) throw new InvalidOperationException("rules/proxy-rules.json: " + string.Join("; ", errors));
        return rules;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private sealed record RuleEntry(string? Id, string? Says, string? Level, SourceEntry? Source, string? Check);

    private sealed record SourceEntry(string? Document, string? Quote);
}
