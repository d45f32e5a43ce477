namespace Conformance.Cli;

/// <summary>
/// Finds the catalogues (scenarios/, rules/, clients/): in a clone, its root (found from the working directory or the
/// binary); as an installed dotnet tool, the tool's own folder, which carries them as content files. Reports go to the
/// clone's reports/, or to reports/ under the working directory when the tool runs from somebody else's repository.
/// </summary>
public static class RepoPaths
{
    // The same search as every package's (src/Conformance.Core/Catalogues): the clone's root, else the tool's own folder.
    private static readonly (string Root, bool InClone) Found = Conformance.Core.Catalogues.CatalogueRoot.Find();

    public static string Root => Found.Root;

    /// <summary>True in a clone of this repository; false when running as an installed tool (or from a bare folder).</summary>
    public static bool InClone => Found.InClone;

    public static string Scenarios => Path.Combine(Root, "scenarios");
    public static string Rules => Path.Combine(Root, "rules", "rules.json");
    public static string Clients => Path.Combine(Root, "clients");
    public static string Reports => InClone ? Path.Combine(Root, "reports") : Path.Combine(Environment.CurrentDirectory, "reports");
}
