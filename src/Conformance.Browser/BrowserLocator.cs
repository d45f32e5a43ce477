namespace Conformance.Browser;

/// <summary>
/// Picks the Chromium to launch: <c>--browser-path</c>, then <c>CONFORMANCE_BROWSER</c>, then the
/// system's <c>/usr/bin/chromium</c>, then Playwright's own download (null path) when one is installed.
/// </summary>
public static class BrowserLocator
{
    /// <summary>The executable path, or null for "Playwright's installed Chromium". Throws <see cref="BrowserNotFoundException"/>.</summary>
    public static string? Resolve(BrowserOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ExecutablePath))
            return File.Exists(options.ExecutablePath) ? options.ExecutablePath : throw BrowserNotFoundException.At(options.ExecutablePath, "--browser-path");
        if (options.GetEnvironmentVariable(BrowserOptions.ExecutableVariable) is { Length: > 0 } fromEnv)
            return File.Exists(fromEnv) ? fromEnv : throw BrowserNotFoundException.At(fromEnv, BrowserOptions.ExecutableVariable);
        foreach (var candidate in new[] { BrowserOptions.SystemChromium, "/usr/bin/chromium-browser" })
            if (File.Exists(candidate)) return candidate;
        if (HasPlaywrightChromium(options)) return null;
        throw BrowserNotFoundException.At(BrowserOptions.SystemChromium);
    }

    private static bool HasPlaywrightChromium(BrowserOptions options)
    {
        var root = options.GetEnvironmentVariable("PLAYWRIGHT_BROWSERS_PATH") is { Length: > 0 } p && p != "0"
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "ms-playwright");
        return Directory.Exists(root) && Directory.EnumerateDirectories(root, "chromium*").Any();
    }
}
