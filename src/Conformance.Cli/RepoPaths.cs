namespace Conformance.Cli;

/// <summary>
/// Finds the catalogues (scenarios/, rules/, clients/): in a clone, its root (found from the working directory or the
/// binary); as an installed dotnet tool, the tool's own folder, which carries them as content files. Reports go to the
/// clone's reports/, or to reports/ under the working directory when the tool runs from somebody else's repository.
/// </summary>
public static class RepoPaths
{
    private static readonly (string Root, bool InClone) Found = FindRoot();

    public static string Root => Found.Root;

    /// <summary>True in a clone of this repository; false when running as an installed tool (or from a bare folder).</summary>
    public static bool InClone => Found.InClone;

    public static string Scenarios => Path.Combine(Root, "scenarios");
    public static string Rules => Path.Combine(Root, "rules", "rules.json");
    public static string Clients => Path.Combine(Root, "clients");
    public static string Reports => InClone ? Path.Combine(Root, "reports") : Path.Combine(Environment.CurrentDirectory, "reports");

    private static (string, bool) FindRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln")) && Directory.Exists(Path.Combine(dir.FullName, "scenarios")))
                    return (dir.FullName, true);
        }
        // An installed tool: the catalogues were packed next to the binary (src/Conformance.Cli/Conformance.Cli.csproj).
        return Directory.Exists(Path.Combine(AppContext.BaseDirectory, "scenarios"))
            ? (Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), false)
            : (Environment.CurrentDirectory, false);
    }
}
