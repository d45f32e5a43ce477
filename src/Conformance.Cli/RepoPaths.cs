namespace Conformance.Cli;

/// <summary>Finds the checkout's folders (scenarios/, rules/, clients/) from the working directory or the binary.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Scenarios => Path.Combine(Root, "scenarios");
    public static string Rules => Path.Combine(Root, "rules", "rules.json");
    public static string Clients => Path.Combine(Root, "clients");
    public static string Reports => Path.Combine(Root, "reports");

    private static string FindRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln")) && Directory.Exists(Path.Combine(dir.FullName, "scenarios")))
                    return dir.FullName;
        }
        return Environment.CurrentDirectory;
    }
}
