namespace Conformance.Browser;

/// <summary>How a <see cref="BrowserSession"/> finds and launches its browser.</summary>
public sealed record BrowserOptions
{
    /// <summary>The environment variable that overrides the Chromium executable (like <c>--browser-path</c>).</summary>
    public const string ExecutableVariable = "CONFORMANCE_BROWSER";

    /// <summary>Debian's package path, the default.</summary>
    public const string SystemChromium = "/usr/bin/chromium";

    /// <summary><c>--browser-path</c>: wins over <see cref="ExecutableVariable"/> and the defaults.</summary>
    public string? ExecutablePath { get; init; }

    /// <summary>The folder holding the built-in modules (<c>clients/browser</c>); found from the working directory when null.</summary>
    public string? ClientsDirectory { get; init; }

    public bool Headless { get; init; } = true;

    /// <summary>Build the openai bundle (<c>npm ci</c> + esbuild) when a target needs it and <c>dist/</c> lacks it.</summary>
    public bool BuildBundles { get; init; } = true;

    /// <summary>Flags for a closed network and a root user in a container (platform-notes.md, Browser).</summary>
    public IReadOnlyList<string> Args { get; init; } =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    /// <summary>Read for <see cref="ExecutableVariable"/>; replaceable in tests.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;
}
