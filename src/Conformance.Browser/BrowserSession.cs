using Microsoft.Playwright;

namespace Conformance.Browser;

/// <summary>
/// One Playwright driver and one Chromium for a whole run, plus the static origin that serves the
/// harness page and the client modules. Drivers made from it give every case a fresh BrowserContext + page
/// (made ahead, closed behind), so cases may run in parallel pages. Dispose it once, after the last case.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly StaticOrigin _origin;
    private readonly Dictionary<string, Uri> _moduleMounts = new(StringComparer.Ordinal);
    private readonly Lock _mountLock = new();
    private readonly List<BrowserClientDriver> _drivers = [];
    private int _disposed;

    private BrowserSession(IPlaywright playwright, IBrowser browser, StaticOrigin origin, string? executablePath, BrowserOptions options, string clientsDirectory)
    {
        _playwright = playwright;
        Browser = browser;
        _origin = origin;
        ExecutablePath = executablePath;
        Options = options;
        ClientsDirectory = clientsDirectory;
        HarnessUrl = origin.Document(HarnessPage.Path, HarnessPage.Html);
    }

    /// <summary>
    /// Finds Chromium (see <see cref="BrowserLocator"/>) and launches it headless. Throws
    /// <see cref="BrowserNotFoundException"/> (one line, with the install command) when there is none.
    /// </summary>
    public static async Task<BrowserSession> StartAsync(BrowserOptions? options = null, CancellationToken ct = default)
    {
        options ??= new BrowserOptions();
        var executable = BrowserLocator.Resolve(options);
        var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        IBrowser browser;
        try
        {
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = options.Headless,
                Args = options.Args,
                ChromiumSandbox = false,
            }).WaitAsync(ct).ConfigureAwait(false);
        }
        catch (PlaywrightException ex) when (executable is null && ex.Message.Contains("Executable doesn't exist", StringComparison.Ordinal))
        {
            playwright.Dispose();
            throw BrowserNotFoundException.At(BrowserOptions.SystemChromium);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
        var clients = options.ClientsDirectory ?? BrowserTargets.DefaultClientsDirectory();
        return new BrowserSession(playwright, browser, new StaticOrigin(), executable, options, Path.GetFullPath(clients));
    }

    internal IBrowser Browser { get; }

    internal Uri HarnessUrl { get; }

    public BrowserOptions Options { get; }

    public string ClientsDirectory { get; }

    /// <summary>Null when Playwright's own Chromium was launched.</summary>
    public string? ExecutablePath { get; }

    /// <summary>"chromium".</summary>
    public string BrowserName => "chromium";

    /// <summary>The version Chromium reports (e.g. <c>156.0.7710.0</c>).</summary>
    public string Version => Browser.Version;

    /// <summary>For ClientInfo.Environment: <c>chromium 156.0.7710.0 (headless, /usr/bin/chromium)</c>.</summary>
    public string EnvironmentLabel => $"{BrowserName} {Version} ({(Options.Headless ? "headless" : "headed")}, {ExecutablePath ?? "playwright's chromium"})";

    /// <summary>The origin the pages are served from (a different origin than the mock server).</summary>
    public Uri PageOrigin => _origin.BaseUrl;

    /// <summary>Resolves <paramref name="nameOrPath"/> (built-in or module path), builds what it needs, and returns its driver.</summary>
    public async Task<BrowserClientDriver> CreateDriverAsync(string nameOrPath, CancellationToken ct = default) =>
        await CreateDriverAsync(BrowserTargets.Resolve(nameOrPath, ClientsDirectory), ct).ConfigureAwait(false);

    public async Task<BrowserClientDriver> CreateDriverAsync(BrowserTarget target, CancellationToken ct = default)
    {
        if (target.NeedsOpenAiBundle && Options.BuildBundles)
            await OpenAiBundle.EnsureBuiltAsync(Path.GetDirectoryName(target.ModulePath)!, ct).ConfigureAwait(false);
        var driver = new BrowserClientDriver(this, target, ModuleUrl(target));
        lock (_mountLock) _drivers.Add(driver);
        return driver;
    }

    /// <summary>The module's folder is mounted whole, so its relative imports (./dist/…) resolve.</summary>
    private Uri ModuleUrl(BrowserTarget target)
    {
        var dir = Path.GetDirectoryName(target.ModulePath)!;
        Uri mount;
        lock (_mountLock)
        {
            if (!_moduleMounts.TryGetValue(dir, out mount!))
            {
                mount = _origin.Mount($"m{_moduleMounts.Count}", dir);
                _moduleMounts[dir] = mount;
            }
        }
        return new Uri(mount, Uri.EscapeDataString(Path.GetFileName(target.ModulePath)));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        List<BrowserClientDriver> drivers;
        lock (_mountLock) drivers = [.. _drivers];
        // Contexts made ahead for cases that never came, and contexts still closing after theirs.
        await Task.WhenAll(drivers.Select(d => d.DrainAsync())).WaitAsync(TimeSpan.FromSeconds(10))
            .ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        try { await Browser.CloseAsync().ConfigureAwait(false); }
        finally
        {
            _playwright.Dispose();
            await _origin.DisposeAsync().ConfigureAwait(false);
        }
    }
}
