namespace Conformance.Core.Reports;

/// <summary>The built-in reporters, by name.</summary>
public static class Reporters
{
    public static IReporter Json { get; } = new JsonReporter();
    public static IReporter JUnit { get; } = new JUnitReporter();
    public static IReporter Markdown { get; } = new MarkdownReporter();
    public static IReporter Html { get; } = new HtmlReporter();

    public static IReadOnlyList<IReporter> All { get; } = [Json, JUnit, Markdown, Html];

    public static IReporter? Find(string name) =>
        All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Resolves a comma-separated list such as "json,junit". Unknown names are collected into
    /// <paramref name="errors"/> with <paramref name="source"/> (e.g. "--format") so the caller can report them all.
    /// </summary>
    public static IReadOnlyList<IReporter> Parse(string names, string source, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(errors);
        var found = new List<IReporter>();
        foreach (var n in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Find(n) is { } r) { if (!found.Contains(r)) found.Add(r); }
            else errors.Add($"{source}: unknown report format '{n}' (known: {string.Join(", ", All.Select(a => a.Name))})");
        }
        return found;
    }
}
