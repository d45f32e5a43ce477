namespace Conformance.Core.Dialects;

/// <summary>
/// One method + path a dialect answers, below the server's root: <c>v1/chat/completions</c>. A segment may hold
/// <c>{model}</c> (e.g. <c>v1beta/models/{model}:streamGenerateContent</c>): that part names the scenario.
/// </summary>
public sealed record DialectEndpoint(string Method, string Path)
{
    /// <summary>Matches <paramref name="segments"/> (already unescaped) against <see cref="Path"/>; <paramref name="model"/> is the <c>{model}</c> part, if any.</summary>
    public bool Matches(IReadOnlyList<string> segments, out string? model)
    {
        model = null;
        var parts = Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != segments.Count) return false;
        for (var i = 0; i < parts.Length; i++)
        {
            var at = parts[i].IndexOf("{model}", StringComparison.Ordinal);
            if (at < 0)
            {
                if (!string.Equals(parts[i], segments[i], StringComparison.Ordinal)) return false;
                continue;
            }
            var prefix = parts[i][..at];
            var suffix = parts[i][(at + "{model}".Length)..];
            var s = segments[i];
            if (s.Length <= prefix.Length + suffix.Length || !s.StartsWith(prefix, StringComparison.Ordinal) || !s.EndsWith(suffix, StringComparison.Ordinal)) return false;
            model = s[prefix.Length..^suffix.Length];
        }
        return true;
    }

    /// <summary>The path with <c>{model}</c> filled in.</summary>
    public string PathFor(string model) => Path.Replace("{model}", model, StringComparison.Ordinal);

    /// <summary>The base a client is given (<c>CONFORMANCE_BASE_URL</c> ends with it): the path's first segment, e.g. <c>v1</c>.</summary>
    public string Base => Path.Split('/', 2)[0];

    /// <summary>The path below <see cref="Base"/>, e.g. <c>chat/completions</c>; the client appends it to its base URL.</summary>
    public string BelowBase => Path.Split('/', 2) is [_, var rest] ? rest : "";

    public override string ToString() => $"{Method} /{Path}";
}
