namespace Conformance.Core.Catalogues;

/// <summary>
/// Where the catalogues (scenarios/, rules/) are: in a clone, its root (found from the working directory or the binary,
/// by Conformance.sln beside scenarios/); in a package (the dotnet tool, Conformance.Testing), the folder of the binary,
/// which carries them as content files (src/Catalogues.props). The CLI's RepoPaths finds its root the same way.
/// </summary>
public static class CatalogueRoot
{
    /// <summary>The root and whether it is a clone; <paramref name="fallback"/> (default: the working directory) when neither holds a catalogue.</summary>
    public static (string Root, bool InClone) Find(string? fallback = null)
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln")) && Directory.Exists(Path.Combine(dir.FullName, "scenarios")))
                    return (dir.FullName, true);
        }
        return Directory.Exists(Path.Combine(AppContext.BaseDirectory, "scenarios"))
            ? (Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), false)
            : (fallback ?? Environment.CurrentDirectory, false);
    }

    public static string Scenarios(string root) => Path.Combine(root, "scenarios");

    public static string Rules(string root) => Path.Combine(root, "rules", "rules.json");
}
