using System.Diagnostics;
using Conformance.Browser;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Runner.Clients;
using Conformance.Runner.Running;

namespace Conformance.Bench.Benchmarks;

/// <summary>
/// Every scenario through the fetch-careful module in headless Chromium (two pages at a time), against the
/// node-careful process client on the same scenarios in the same run: median cost per case, whole-run time,
/// and their ratio.
/// </summary>
public sealed class BrowserBenchmark : IBenchmark
{
    public string Name => "browser";

    public string Description => "fetch-careful in Chromium vs node-careful (process) on the whole catalogue, 2 at a time (median ms per case)";

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var root = context.Root;
        var catalog = ScenarioCatalog.LoadDirectory(Path.Combine(root, "scenarios")).Catalog;
        var (rules, _) = RuleCatalog.LoadFile(Path.Combine(root, "rules", "rules.json"));
        var runner = new ConformanceRunner(catalog, rules.All);
        var options = new RunOptions { Parallel = 2 };
        var command = $"node \"{Path.Combine(root, "clients", "node-careful", "client.mjs")}\"";

        var processClock = Stopwatch.StartNew();
        var process = await runner.RunAsync([new ClientUnderTest(new ProcessClientDriver("node-careful", command, root), Profiles.Default,
            new ClientInfo("node-careful", "process", command, Profiles.Default.Name))], options, null, ct);
        var processWhole = processClock.Elapsed;

        var browserClock = Stopwatch.StartNew();
        await using var session = await BrowserSession.StartAsync(new BrowserOptions(), ct);
        var launch = browserClock.Elapsed;
        var driver = await session.CreateDriverAsync("fetch-careful", ct);
        var browser = await runner.RunAsync([new ClientUnderTest(driver, Profiles.Default, driver.ClientInfo(Profiles.Default.Name))], options, null, ct);
        var browserWhole = browserClock.Elapsed;

        var p = Stats.Median(process.Cases.Select(c => c.DurationMs));
        var b = Stats.Median(browser.Cases.Select(c => c.DurationMs));
        var o = context.Out;
        o.WriteLine($"{catalog.All.Count} scenarios, 2 at a time; {session.EnvironmentLabel}");
        o.WriteLine($"baseline node-careful (process): median {p,7:0} ms per case, whole run {processWhole.TotalSeconds,6:0.0} s");
        o.WriteLine($"fetch-careful (browser):         median {b,7:0} ms per case, whole run {browserWhole.TotalSeconds,6:0.0} s (launch {launch.TotalMilliseconds:0} ms)");
        o.WriteLine($"ratio browser / process:         {b / p:0.00}x per case, {browserWhole / processWhole:0.00}x whole run");
    }
}
