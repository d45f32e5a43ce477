namespace Conformance.Tests.Support;

/// <summary>Paths into the checkout (tests run from bin/, the repo is found by its solution file).</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    public static string Scenarios => Path.Combine(Root, "scenarios");
    public static string Rules => Path.Combine(Root, "rules", "rules.json");
    public static string Clients => Path.Combine(Root, "clients");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln"))) return dir.FullName;
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
