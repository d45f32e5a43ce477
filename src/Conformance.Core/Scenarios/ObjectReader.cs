using System.Text.Json;
using System.Text.Json.Nodes;

namespace Conformance.Core.Scenarios;

/// <summary>
/// Reads one JSON object for the validator: every accessor records an error (with its path) instead
/// of throwing, and <see cref="Finish"/> reports every property nobody asked for, so a typo in a
/// scenario never silently changes a test.
/// </summary>
public sealed class ObjectReader(JsonObject obj, string path, ParseContext context)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public string Path { get; } = path;

    public JsonObject Object { get; } = obj;

    public ParseContext Context { get; } = context;

    public bool Has(string name) => Object.ContainsKey(name);

    public string PathOf(string name) => JsonPaths.Property(Path, name);

    /// <summary>The raw node (null when absent or JSON null); marks the property as known.</summary>
    public JsonNode? Node(string name)
    {
        _read.Add(name);
        ScenarioParser.RecordAccepted(name);
        return Object.TryGetPropertyValue(name, out var node) ? node : null;
    }

    public void Error(string name, string message) => Context.Error(PathOf(name), message);

    public string? String(string name, bool required = false)
    {
        var node = Node(name);
        if (node is null) { Missing(name, required, "a string"); return null; }
        if (node.GetValueKind() == JsonValueKind.String) return node.GetValue<string>();
        Error(name, $"expected a string, found {JsonPaths.Describe(node)}");
        return null;
    }

    public int? Int(string name, bool required = false, int min = int.MinValue, int max = int.MaxValue)
    {
        var node = Node(name);
        if (node is null) { Missing(name, required, "an integer"); return null; }
        if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var value))
        {
            if (value >= min && value <= max) return value;
            Error(name, max == int.MaxValue ? $"must be at least {min}, found {value}" : $"must be between {min} and {max}, found {value}");
            return null;
        }
        Error(name, $"expected an integer, found {JsonPaths.Describe(node)}");
        return null;
    }

    public bool? Bool(string name)
    {
        var node = Node(name);
        if (node is null) return null;
        var kind = node.GetValueKind();
        if (kind is JsonValueKind.True or JsonValueKind.False) return kind == JsonValueKind.True;
        Error(name, $"expected true or false, found {JsonPaths.Describe(node)}");
        return null;
    }

    public JsonObject? Obj(string name, bool required = false)
    {
        var node = Node(name);
        if (node is null) { Missing(name, required, "an object"); return null; }
        if (node is JsonObject o) return o;
        Error(name, $"expected an object, found {JsonPaths.Describe(node)}");
        return null;
    }

    public JsonArray? Array(string name, bool required = false)
    {
        var node = Node(name);
        if (node is null) { Missing(name, required, "an array"); return null; }
        if (node is JsonArray a) return a;
        Error(name, $"expected an array, found {JsonPaths.Describe(node)}");
        return null;
    }

    /// <summary>Reads a string enum; <paramref name="names"/> are the wire names in order of the values.</summary>
    public T? Enum<T>(string name, IReadOnlyList<(string Wire, T Value)> names, bool required = false) where T : struct
    {
        var text = String(name, required);
        if (text is null) return null;
        foreach (var (wire, value) in names)
            if (wire == text) return value;
        Error(name, $"unknown value '{text}'; expected one of {string.Join(", ", names.Select(n => n.Wire))}");
        return null;
    }

    /// <summary>Text that may be written long-hand as <c>{"repeat": "x", "count": 1048576}</c>.</summary>
    public string? Text(string name, bool required = false)
    {
        var node = Node(name);
        if (node is null) { Missing(name, required, "a string"); return null; }
        if (node.GetValueKind() == JsonValueKind.String) return node.GetValue<string>();
        if (node is JsonObject o) return RepeatedText(o, PathOf(name), Context);
        Error(name, $"expected a string or {{\"repeat\": \"...\", \"count\": N}}, found {JsonPaths.Describe(node)}");
        return null;
    }

    internal static string? RepeatedText(JsonObject o, string path, ParseContext context)
    {
        var r = new ObjectReader(o, path, context);
        var unit = r.String("repeat", required: true);
        // 64 MiB is far beyond any useful event and keeps a typo from eating the machine.
        var count = r.Int("count", required: true, min: 0, max: 64 * 1024 * 1024);
        r.Finish();
        return unit is null || count is null ? null : string.Concat(Enumerable.Repeat(unit, count.Value));
    }

    public void Finish()
    {
        foreach (var (name, _) in Object)
            if (!_read.Contains(name))
                Context.Error(JsonPaths.Property(Path, name), $"unknown property '{name}'{Suggest(name)}");
    }

    private string Suggest(string name)
    {
        var best = _read.Where(k => !Object.ContainsKey(k))
            .Select(k => (k, d: Levenshtein.Distance(k.ToLowerInvariant(), name.ToLowerInvariant())))
            .Where(x => x.d <= Math.Max(2, name.Length / 3))
            .OrderBy(x => x.d).ThenBy(x => x.k, StringComparer.Ordinal)
            .Select(x => x.k).FirstOrDefault();
        return best is null ? "" : $" (did you mean '{best}'?)";
    }

    private void Missing(string name, bool required, string what)
    {
        if (!required) return;
        if (Object.ContainsKey(name)) Error(name, $"expected {what}, found null");
        else Context.Error(Path, $"missing required property '{name}'");
    }
}
