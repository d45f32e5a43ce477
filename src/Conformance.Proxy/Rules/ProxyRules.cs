using Conformance.Core.Rules;

namespace Conformance.Proxy.Rules;

/// <summary>
/// The proxy rules, <c>rules/proxy-rules.json</c>: embedded at build time (so a copied binary carries
/// them) and parsed by <see cref="RuleCatalog"/>, the loader that validates rules/rules.json too. Every
/// rule names <see cref="CheckKinds.Proxy"/>: the proxy scorer scores it, the client scorer never does.
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

    /// <summary>The file name used in load errors and as the embedded resource's logical name.</summary>
    public const string FileName = "proxy-rules.json";

    private static readonly Lazy<RuleCatalog> Loaded = new(LoadEmbedded);

    public static RuleCatalog Catalog => Loaded.Value;

    public static IReadOnlyList<Rule> All => Catalog.All;

    public static Rule Get(string id) => Catalog.Find(id) ?? throw new KeyNotFoundException($"no proxy rule '{id}' in rules/{FileName}");

    /// <summary>
    /// The catalogue's own validation, plus the proxy-only constraint: every rule is scored by
    /// <see cref="CheckKinds.Proxy"/>.
    /// </summary>
    public static (RuleCatalog Catalog, IReadOnlyList<string> Errors) Parse(string json)
    {
        var (catalog, errors) = RuleCatalog.Parse(json, FileName);
        var notProxy = catalog.All.Where(r => r.Check != CheckKinds.Proxy)
            .Select(r => $"{FileName}: {r.Id}: check must be '{CheckKinds.Proxy}', got '{r.Check}'");
        return (catalog, [.. errors, .. notProxy]);
    }

    private static RuleCatalog LoadEmbedded()
    {
        using var stream = typeof(ProxyRules).Assembly.GetManifestResourceStream(FileName)
            ?? throw new InvalidOperationException($"{FileName} is not embedded");
        using var reader = new StreamReader(stream);
        var (catalog, errors) = Parse(reader.ReadToEnd());
        // A broken embedded file is a harness bug (the tests load the same file), not a user error.
        if (errors.Count > 0) throw new InvalidOperationException(string.Join("; ", errors));
        return catalog;
    }
}
