namespace Conformance.Tests.Support;

/// <summary>Where the tests find PowerShell, and what they say when it is not there.</summary>
internal static class Pwsh
{
    public const string Version = "7.6.9";

    public static readonly string[] Flags = ["-NoProfile", "-NonInteractive", "-File"];

    public static string Missing =>
        $"pwsh not found (looked for {ToolPath} and pwsh on PATH). The run.ps1 tests need it: " +
        $"dotnet tool install --tool-path .build/tools PowerShell --version {Version} (scripts/install-deps.sh, run by ./run.sh test, does this).";

    private static string ToolPath => Path.Combine(Repo.Root, ".build", "tools", OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");

    /// <summary>The pinned tool in .build/tools first, then any pwsh on PATH; null when neither exists.</summary>
    public static string? Locate()
    {
        if (File.Exists(ToolPath)) return ToolPath;
        var name = OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh";
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
    }
}
