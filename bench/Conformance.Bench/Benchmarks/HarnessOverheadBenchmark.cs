using System.Diagnostics;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Runner.Clients;
using Conformance.Runner.Running;
using Conformance.Server.Catalog;
using Conformance.Server.Hosting;

namespace Conformance.Bench.Benchmarks;

/// <summary>
/// Harness overhead per case: the time a case costs beyond the client process's own run (allocating the
/// case, waiting for the journal to complete, scoring), as a median over many cases. The baseline, measured
/// in the same run, is the client run by hand (a plain Process.Start against the same server), so the ratio
/// shows what the driver adds around the client too. <c>-- harness [N]</c> (N cases each way, default 40).
/// </summary>
public sealed class HarnessOverheadBenchmark : IBenchmark
{
    private const string ScenarioId = "framing.single.all-events-in-one-read";

    public string Name => "harness";

    public string Description => "node-careful per case under the runner vs started by hand (median ms; args: [N=40])";

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var root = context.Root;
        var n = context.IntArg(0, 40);
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
                await p.StandardOutput.ReadToEndAsync(ct);
                await p.WaitForExitAsync(ct);
                if (i >= 3) baseline.Add(clock.Elapsed.TotalMilliseconds); // 3 warm-ups
            }
        }

        // Under the harness: n clients (same command) × the one scenario, one at a time.
        var clients = Enumerable.Range(0, n).Select(i => new ClientUnderTest(new ProcessClientDriver($"c{i}", command, root), Profiles.Default,
            new ClientInfo($"c{i}", "process", command, Profiles.Default.Name))).ToList();
        var runner = new ConformanceRunner(catalog, rules.All);
        await runner.RunAsync(clients.Take(3).ToList(), new RunOptions { Parallel = 1, Filter = ScenarioId }, null, ct); // warm-up
        var run = await runner.RunAsync(clients, new RunOptions { Parallel = 1, Filter = ScenarioId }, null, ct);

        var overhead = Stats.Median(run.Cases.Select(c => c.HarnessMs));
        var clientUnderHarness = Stats.Median(run.Cases.Select(c => c.DurationMs));
        var baseMedian = Stats.Median(baseline);
        var o = context.Out;
        o.WriteLine($"scenario {ScenarioId}, client node-careful, {n} cases each way, sequential");
        o.WriteLine($"baseline  (client started by hand):        median {baseMedian,8:0.0} ms per run");
        o.WriteLine($"harness   (client run by the driver):      median {clientUnderHarness,8:0.0} ms per run   ratio {clientUnderHarness / baseMedian:0.00}x baseline");
        o.WriteLine($"harness overhead beyond the client's run:  median {overhead,8:0.00} ms per case  ({overhead / baseMedian:P1} of baseline)");
        o.WriteLine($"all verdicts PASS: {run.Cases.All(c => c.Verdicts.All(v => v.Verdict == Conformance.Core.Scoring.Verdict.Pass))}");
    }
}
