using System.Diagnostics;
using System.Text.RegularExpressions;
using Conformance.Core.Reports;

namespace Conformance.Tests.Reports;

/// <summary>
/// Opens index.html from disk in headless Chromium (no server, no network) and checks the rendered DOM:
/// the matrix has a cell per client with the right verdict, and hostile client output created no script.
/// CI installs chromium in .ci/run.
/// </summary>
[NonParallelizable]
public sealed partial class HtmlBrowserTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Path.Combine(Path.GetTempPath(), "conformance-html-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public async Task Html_OpenedFromDisk_ShowsTheMatrixAndRunsNoClientScript()
    {
        var chromium = FindChromium();
        var written = await new CompositeReporter([Reporters.Html]).WriteAllAsync(RunFixture.Build(), Path.Combine(_dir, "report"));
        var url = new Uri(written[0]).AbsoluteUri;

        var (exit, dom, stderr) = await RunChromiumAsync(chromium, ["--dump-dom", url]);
        Assert.That(exit, Is.EqualTo(0), $"chromium --dump-dom failed: {stderr}");
        Assert.That(dom, Does.Contain("id=\"matrix-table\""), "the page rendered from disk");

        // Each case row: one cell per client with its verdict label both as data and as visible text.
        var rows = RowRegex().Matches(dom).ToDictionary(m => m.Groups["case"].Value, m => m.Groups["cells"].Value);
        Assert.That(rows.Keys, Is.EquivalentTo(new[] { "framing.crlf", "encoding.split-utf8", "timing.stall", "errors.retry-429" }));
        string[] Cells(string scenario) => [.. CellRegex().Matches(rows[scenario]).Select(m => $"{m.Groups["client"].Value}={m.Groups["v"].Value}:{m.Groups["text"].Value}")];
        Assert.That(Cells("framing.crlf"), Is.EqualTo(new[] { "node-sdk=PASS:PASS", "browser-fetch=INFO:INFO", "evil-cli=FAIL:FAIL" }));
        Assert.That(Cells("encoding.split-utf8"), Is.EqualTo(new[] { "node-sdk=FAIL:FAIL", "browser-fetch=PASS:PASS", "evil-cli=ADAPTER-ERROR:ADAPTER-ERROR" }));
        Assert.That(Cells("timing.stall"), Is.EqualTo(new[] { "node-sdk=TIMEOUT:TIMEOUT", "browser-fetch=NON-STRICT:NON-STRICT", "evil-cli=SKIPPED:SKIPPED" }));
        Assert.That(Cells("errors.retry-429"), Is.EqualTo(new[] { "node-sdk=PASS:PASS", "browser-fetch=PASS:PASS", "evil-cli=NOT RUN:NOT RUN" }));

        // The DOM after parsing: hostile text is text, not elements.
        Assert.That(dom, Does.Not.Contain("<script").IgnoreCase);
        Assert.That(Regex.IsMatch(dom, "<img[^>]*onerror", RegexOptions.IgnoreCase), Is.False);
        Assert.That(dom, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"));

        // One picture for humans, next to the test output.
        var png = Path.Combine(TestContext.CurrentContext.WorkDirectory, "index-report.png");
        var (shotExit, _, shotErr) = await RunChromiumAsync(chromium, ["--screenshot=" + png, "--window-size=1280,2000", url]);
        Assert.That(shotExit, Is.EqualTo(0), shotErr);
        Assert.That(File.Exists(png), $"no screenshot at {png}");
        TestContext.AddTestAttachment(png, "index.html rendered by headless Chromium");
    }

    private static string FindChromium()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" })
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate)) return candidate;
        Assert.Fail("Chromium is not installed: run `apt-get update && apt-get install -y chromium` (CI does this in .ci/run), or set CHROMIUM to its path.");
        return "";
    }

    private async Task<(int Exit, string Stdout, string Stderr)> RunChromiumAsync(string chromium, string[] args)
    {
        var psi = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + Path.Combine(_dir, "profile"),
        }.Concat(args))
            psi.ArgumentList.Add(a);
        TestContext.Progress.WriteLine("$ " + chromium + " " + string.Join(' ', psi.ArgumentList));

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("chromium did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            // Only the process this test started, by its id, with its children (renderer, GPU helpers).
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [GeneratedRegex("<tr class=\"case\" data-case=\"(?<case>[^\"]+)\">(?<cells>.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex RowRegex();

    [GeneratedRegex("<td class=\"v [a-z-]+\" data-client=\"(?<client>[^\"]+)\" data-verdict=\"(?<v>[^\"]+)\">(?:<a [^>]*>)?(?<text>[A-Z -]+)", RegexOptions.Singleline)]
    private static partial Regex CellRegex();
}
