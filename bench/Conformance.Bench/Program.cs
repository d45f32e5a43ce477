// Harness overhead per case: the time a case costs beyond the client process's own run (allocating
// the case, waiting for the journal to complete, scoring), as a median over many cases. The baseline,
// measured in the same run, is the client run by hand (a plain Process.Start against the same server),
// so the ratio shows what the driver adds around the client too.
//
//   dotnet run -c Release --project bench/Conformance.Bench [-- N]
//
// `-- browser` measures a browser run instead: every scenario through the fetch-careful module in
// headless Chromium (two pages at a time), against the node-careful process client on the same
// scenarios in the same run: median cost per case, whole-run time, and their ratio.
using System.Diagnostics;
using Conformance.Browser;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Runner.Clients;
using Conformance.Runner.Running;
using Conformance.Server.Catalog;
using Conformance.Server.Hosting;

var root = FindRoot();
if (args.Length > 0 && args[0] == "service") { await Conformance.Bench.ServiceModeBench.RunAsync(root, args[1..], CancellationToken.None); return; }
if (args.Length > 0 && args[0] == "browser-cancel") { await Conformance.Bench.BrowserCancelBench.RunAsync(root, args[1..], CancellationToken.None); return; }
if (args.Length > 0 && args[0] == "browser")
{
    await BrowserBench(root);
    return;
}
var n = args.Length > 0 ? int.Parse(args[0]) : 40;
const string ScenarioId = "framing.single.all-events-in-one-read";
var catalog = ScenarioCatalog.LoadDirectory(Path.Combine(root, "scenarios")).Catalog;
var (rules, _) = RuleCatalog.LoadFile(Path.Combine(root, "rules", "rules.json"));
var scenario = catalog.Find(ScenarioId) ?? throw new InvalidOperationException($"scenario {ScenarioId} missing");
var command = $"node \"{Path.Combine(root, "clients", "node-careful", "client.mjs")}\"";

// Baseline: the same client, started by hand, n times.
var baseline = new List<double>();
await using (var server = MockServer.Start(new MockServerOptions(), new CatalogScenarioSource(catalog)))
{
    for (var i = 0; i < n + 3; i++)
    {
        var handle = server.AllocateCase(ScenarioId);
        var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        psi.Environment["CONFORMANCE_BASE_URL"] = handle.BaseUrl.ToString().TrimEnd('/');
        psi.Environment["CONFORMANCE_API"] = scenario.Api.Name;
        psi.Environment["CONFORMANCE_API_KEY"] = "k";
        psi.Environment["CONFORMANCE_REQUEST"] = RequestBodies.For(scenario);
        psi.Environment["CONFORMANCE_CASE"] = handle.CaseId;
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (i >= 3) baseline.Add(clock.Elapsed.TotalMilliseconds); // 3 warm-ups
    }
}

// Under the harness: n clients (same command) × the one scenario, one at a time.
var clients = Enumerable.Range(0, n).Select(i => new ClientUnderTest(new ProcessClientDriver($"c{i}", command, root), Profiles.Default,
    new ClientInfo($"c{i}", "process", command, Profiles.Default.Name))).ToList();
var runner = new ConformanceRunner(catalog, rules.All);
await runner.RunAsync(clients.Take(3).ToList(), new RunOptions { Parallel = 1, Filter = ScenarioId }, null, CancellationToken.None); // warm-up
var run = await runner.RunAsync(clients, new RunOptions { Parallel = 1, Filter = ScenarioId }, null, CancellationToken.None);

double Median(IEnumerable<double> xs) { var s = xs.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
var overhead = Median(run.Cases.Select(c => c.HarnessMs));
var clientUnderHarness = Median(run.Cases.Select(c => c.DurationMs));
var baseMedian = Median(baseline);
Console.WriteLine($"scenario {ScenarioId}, client node-careful, {n} cases each way, sequential");
Console.WriteLine($"baseline  (client started by hand):        median {baseMedian,8:0.0} ms per run");
Console.WriteLine($"harness   (client run by the driver):      median {clientUnderHarness,8:0.0} ms per run   ratio {clientUnderHarness / baseMedian:0.00}x baseline");
Console.WriteLine($"harness overhead beyond the client's run:  median {overhead,8:0.00} ms per case  ({overhead / baseMedian:P1} of baseline)");
Console.WriteLine($"all verdicts PASS: {run.Cases.All(c => c.Verdicts.All(v => v.Verdict == Conformance.Core.Scoring.Verdict.Pass))}");

static async Task BrowserBench(string root)
{
    var catalog = ScenarioCatalog.LoadDirectory(Path.Combine(root, "scenarios")).Catalog;
    var (rules, _) = RuleCatalog.LoadFile(Path.Combine(root, "rules", "rules.json"));
    var runner = new ConformanceRunner(catalog, rules.All);
    var options = new RunOptions { Parallel = 2 };
    var command = $"node \"{Path.Combine(root, "clients", "node-careful", "client.mjs")}\"";

    var processClock = Stopwatch.StartNew();
    var process = await runner.RunAsync([new ClientUnderTest(new ProcessClientDriver("node-careful", command, root), Profiles.Default,
        new ClientInfo("node-careful", "process", command, Profiles.Default.Name))], options, null, CancellationToken.None);
    var processWhole = processClock.Elapsed;

    var browserClock = Stopwatch.StartNew();
    await using var session = await BrowserSession.StartAsync(new BrowserOptions(), CancellationToken.None);
    var launch = browserClock.Elapsed;
    var driver = await session.CreateDriverAsync("fetch-careful", CancellationToken.None);
    var browser = await runner.RunAsync([new ClientUnderTest(driver, Profiles.Default, driver.ClientInfo(Profiles.Default.Name))], options, null, CancellationToken.None);
    var browserWhole = browserClock.Elapsed;

    static double Med(IEnumerable<double> xs) { var s = xs.Order().ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
    var p = Med(process.Cases.Select(c => c.DurationMs));
    var b = Med(browser.Cases.Select(c => c.DurationMs));
    Console.WriteLine($"{catalog.All.Count} scenarios, 2 at a time; {session.EnvironmentLabel}");
    Console.WriteLine($"baseline node-careful (process): median {p,7:0} ms per case, whole run {processWhole.TotalSeconds,6:0.0} s");
    Console.WriteLine($"fetch-careful (browser):         median {b,7:0} ms per case, whole run {browserWhole.TotalSeconds,6:0.0} s (launch {launch.TotalMilliseconds:0} ms)");
    Console.WriteLine($"ratio browser / process:         {b / p:0.00}x per case, {browserWhole / processWhole:0.00}x whole run");
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln"))) return dir.FullName;
    throw new InvalidOperationException("run from inside the repository");
}
