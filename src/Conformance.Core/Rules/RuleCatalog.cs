using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Conformance.Core.Rules;

/// <summary>
/// The rule catalogue (<c>rules/rules.json</c>): every documented rule a client is scored on, each
/// with its source. The loader is strict and collects every error with its location (file and JSON
/// path) instead of stopping at the first; a rule without a source is refused.
/// </summary>
public sealed partial class RuleCatalog
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        // Hand-written file: comments and trailing commas are friendly, duplicate keys are not.
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        AllowDuplicateProperties = false,
    };

    private static readonly string[] TopProperties = ["$schema", "rules"];
    private static readonly string[] RuleProperties = ["id", "says", "level", "source", "check", "phantoms"];
    private static readonly string[] SourceProperties = ["document", "quote"];

    private static readonly (string Wire, RuleLevel Level)[] Levels =
        [("MUST", RuleLevel.Must), ("SHOULD", RuleLevel.Should), ("INFO", RuleLevel.Info)];

    private readonly Dictionary<string, Rule> _byId;

    public RuleCatalog(IEnumerable<Rule> rules)
    {
        All = rules.ToList();
        _byId = All.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    /// <summary>Every rule, in file order.</summary>
    public IReadOnlyList<Rule> All { get; }

    public Rule? Find(string id) => _byId.GetValueOrDefault(id);

    [GeneratedRegex(@"^[a-z0-9]+(\.[a-z0-9-]+)+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\d{3}_[0-9a-f]{16}\.txt$")]
    private static partial Regex SeedPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>The wire name of a level: MUST, SHOULD, INFO.</summary>
    public static string LevelName(RuleLevel level) => Levels.First(l => l.Level == level).Wire;

    /// <summary>Loads and validates a catalogue file; the catalogue holds the valid rules, the errors say <c>file: $.path: what</c>.</summary>
    public static (RuleCatalog Catalog, IReadOnlyList<string> Errors) LoadFile(string path)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path)) return (new RuleCatalog([]), [$"{name}: $: file not found ({path})"]);
        return Parse(File.ReadAllText(path), name);
    }

    /// <summary>Validates catalogue JSON; <paramref name="file"/> names it in errors.</summary>
    public static (RuleCatalog Catalog, IReadOnlyList<string> Errors) Parse(string json, string file)
    {
        var errors = new List<string>();
        void Error(string jsonPath, string message) => errors.Add($"{file}: {jsonPath}: {message}");

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: DocumentOptions);
        }
        catch (JsonException e)
        {
            Error("$", $"malformed JSON at line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}: {e.Message}");
            return (new RuleCatalog([]), errors);
        }

        if (root is not JsonObject top)
        {
            Error("$", "expected an object with a 'rules' array");
            return (new RuleCatalog([]), errors);
        }
        Unknown(top, "$", TopProperties, Error);
        if (top["rules"] is not JsonArray array)
        {
            Error("$", top.ContainsKey("rules") ? "'rules' must be an array" : "missing required property 'rules'");
            return (new RuleCatalog([]), errors);
        }

        var rules = new List<Rule>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"$.rules[{i}]";
            if (array[i] is not JsonObject o)
            {
                Error(at, "expected a rule object");
                continue;
            }
            var before = errors.Count;
            Unknown(o, at, RuleProperties, Error);

            var id = Str(o, "id", at, Error);
            if (id is not null)
            {
                if (!IdPattern().IsMatch(id))
                    Error($"{at}.id", $"malformed id '{id}': expected a stable dotted id like 'sse.framing.crlf' (^[a-z0-9]+(\\.[a-z0-9-]+)+$)");
                else if (seen.TryGetValue(id, out var first))
                    Error($"{at}.id", $"duplicate id '{id}', also at {first}");
                else
                    seen[id] = at;
            }

            var says = Str(o, "says", at, Error);
            if (says is { Length: 0 }) Error($"{at}.says", "must not be empty");

            RuleLevel? level = null;
            var levelText = Str(o, "level", at, Error);
            if (levelText is not null)
            {
                var match = Levels.FirstOrDefault(l => l.Wire == levelText);
                if (match.Wire is null) Error($"{at}.level", $"unknown level '{levelText}'; expected one of MUST, SHOULD, INFO");
                else level = match.Level;
            }

            var check = Str(o, "check", at, Error);
            if (check is not null && !CheckKinds.All.Contains(check))
                Error($"{at}.check", $"unknown check kind '{check}'; expected one of {string.Join(", ", CheckKinds.All.Order(StringComparer.Ordinal))}");

            var phantoms = new List<string>();
            if (o.TryGetPropertyValue("phantoms", out var phantomNode))
            {
                if (check is not null && check != CheckKinds.NoPhantom)
                    Error($"{at}.phantoms", $"only a '{CheckKinds.NoPhantom}' rule judges phantoms; this rule's check is '{check}'");
                if (phantomNode is not JsonArray kinds)
                    Error($"{at}.phantoms", "expected an array of phantom kinds");
                else
                    for (var k = 0; k < kinds.Count; k++)
                    {
                        if (kinds[k] is JsonValue v && v.TryGetValue<string>(out var kind) && Scoring.PhantomKinds.All.Contains(kind)) phantoms.Add(kind);
                        else Error($"{at}.phantoms[{k}]", $"unknown phantom kind {kinds[k]?.ToJsonString() ?? "null"}; expected one of {string.Join(", ", Scoring.PhantomKinds.All)}");
                    }
            }

            RuleSource? source = null;
            if (!o.TryGetPropertyValue("source", out var sourceNode) || sourceNode is null)
                Error(at, $"missing 'source': a rule without a source is refused{(id is null ? "" : $" ('{id}')")}");
            else if (sourceNode is not JsonObject s)
                Error($"{at}.source", "expected an object with 'document' and 'quote'");
            else
                source = ReadSource(s, $"{at}.source", Error);

            if (errors.Count == before && id is not null && says is not null && level is not null && check is not null && source is not null)
                rules.Add(new Rule { Id = id, Says = says, Level = level.Value, Check = check, Source = source, Phantoms = phantoms });
        }
        return (new RuleCatalog(rules), errors);
    }

    private static RuleSource? ReadSource(JsonObject s, string at, Action<string, string> error)
    {
        Unknown(s, at, SourceProperties, error);
        var document = Str(s, "document", at, error);
        var quote = Str(s, "quote", at, error);
        var ok = true;
        if (document is not null && !RuleSource.IsExternal(document) && !SeedPattern().IsMatch(document))
        {
            error($"{at}.document", $"'{document}' is neither a seed file name (like 001_ce4e54f928ed2bc5.txt), an https:// URL, nor a WHATWG section ({string.Join(", ", RuleSource.WhatwgSections)})");
            ok = false;
        }
        if (quote is not null && string.IsNullOrWhiteSpace(quote))
        {
            error($"{at}.quote", "empty quote: a source must quote its document");
            ok = false;
        }
        return ok && document is not null && quote is not null ? new RuleSource(document, quote) : null;
    }

    /// <summary>
    /// An error for every quote that does not appear in its seed file (compared after collapsing
    /// whitespace), or whose seed file is missing. WHATWG and URL quotes are not checked: those documents are not
    /// among the seeds.
    /// </summary>
    public IReadOnlyList<string> VerifyQuotes(string seedsDir)
    {
        var errors = new List<string>();
        var texts = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var rule in All)
        {
            if (RuleSource.IsExternal(rule.Source.Document)) continue;
            if (!texts.TryGetValue(rule.Source.Document, out var text))
            {
                var file = Path.Combine(seedsDir, rule.Source.Document);
                text = File.Exists(file) ? Collapse(File.ReadAllText(file)) : null;
                texts[rule.Source.Document] = text;
            }
            if (text is null)
                errors.Add($"{rule.Id}: seed '{rule.Source.Document}' not found in {seedsDir}");
            else if (!text.Contains(Collapse(rule.Source.Quote), StringComparison.Ordinal))
                errors.Add($"{rule.Id}: quote not found in {rule.Source.Document}: \"{rule.Source.Quote}\"");
        }
        return errors;
    }

    private static string Collapse(string s) => Whitespace().Replace(s, " ").Trim();

    private static string? Str(JsonObject o, string name, string at, Action<string, string> error)
    {
        if (!o.TryGetPropertyValue(name, out var node))
        {
            error(at, $"missing required property '{name}'");
            return null;
        }
        if (node is not null && node.GetValueKind() == JsonValueKind.String) return node.GetValue<string>();
        error($"{at}.{name}", $"expected a string, found {(node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant())}");
        return null;
    }

    private static void Unknown(JsonObject o, string at, string[] known, Action<string, string> error)
    {
        foreach (var (name, _) in o)
            if (!known.Contains(name, StringComparer.Ordinal))
                error(at == "$" && name.StartsWith('$') ? "$" : $"{at}.{name}", $"unknown property '{name}'; expected one of {string.Join(", ", known)}");
    }
}
