// Service mode against per-process mode for dotnet-careful, in the same run: every scenario (or `--filter GLOB`)
// scored once with a process per case (the baseline) and once through service processes (one per parallel slot),
// `--parallel N` at once (default 2). Prints the median client time per case, the whole run, their ratios, and
// the verdicts that differ (there must be none).
//
//   dotnet run -c Release --project bench/Conformance.Bench -- service [--filter 'framing.*'] [--parallel 2]
using System.Diagnostics;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Runner.Clients;
using Conformance.Runner.Running;

namespace Conformance.Bench;

public static class ServiceModeBench
{
    public static async Task RunAsync(string root, string[] args, CancellationToken ct)
    {
        string? filter = null;
        var parallel = 2;
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--filter") filter = args[i + 1];
            if (args[i] == "--parallel") parallel = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
        }
        var output = Path.Combine(root, ".build", "clients", "dotnet-careful");
        var build = await SetupCommand.RunAsync("dotnet", ["build", Path.Combine(root, "clients", "dotnet-careful", "DotnetCareful.csproj"), "-c", "Release", "-o", output, "--nologo", "-v", "q"], root, ct);
        if (!build.Ok) throw new InvalidOperationException($"{build.CommandLine} failed:\n{build.Output}");
        var command = $"dotnet \"{Path.Combine(output, "DotnetCareful.dll")}\"";
        var hello = await AdapterHandshake.HelloAsync(command, root, AdapterHandshake.DefaultTimeout, ct)
                    ?? throw new InvalidOperationException("dotnet-careful did not greet");

        var catalog = ScenarioCatalog.LoadDirectory(Path.Combine(root, "scenarios")).Catalog;
        var (rules, _) = RuleCatalog.LoadFile(Path.Combine(root, "rules", "rules.json"));
        var runner = new ConformanceRunner(catalog, rules.All);
        var options = new RunOptions { Parallel = parallel, Filter = filter };

        async Task<(RunResult Run, TimeSpan Whole, int Services)> Score(AdapterMode mode)
        {
            await using var driver = new ProcessClientDriver("dotnet-careful", command, root, mode);
            var client = new ClientUnderTest(driver, Profiles.Default, new ClientInfo("dotnet-careful", "process", command, Profiles.Default.Name))
            {
                Capabilities = hello.Capabilities,
            };
            var clock = Stopwatch.StartNew();
            var run = await runner.RunAsync([client], options, null, ct);
            return (run, clock.Elapsed, driver.ServicesStarted);
        }

        var perProcess = await Score(AdapterMode.PerProcess);
        var service = await Score(AdapterMode.Service);

        static double Med(IEnumerable<double> xs) { var s = xs.Order().ToList(); return s.Count == 0 ? 0 : s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
        static Dictionary<string, string> Verdicts(RunResult run) => run.Cases.ToDictionary(c => c.ScenarioId,
            c => string.Join(",", c.Verdicts.OrderBy(v => v.RuleId, StringComparer.Ordinal).Select(v => $"{v.RuleId}={v.Verdict}")));
        var (va, vb) = (Verdicts(perProcess.Run), Verdicts(service.Run));
        var differ = va.Where(kv => !vb.TryGetValue(kv.Key, out var other) || other != kv.Value).Select(kv => kv.Key).ToList();
        // Cases that ran (NOT RUN ones start no client and would pull both medians towards 0).
        static IEnumerable<double> Ran(RunResult run) => run.Cases.Where(c => c.CommandLine.Length > 0).Select(c => c.DurationMs);
        var (p, s) = (Med(Ran(perProcess.Run)), Med(Ran(service.Run)));

        Console.WriteLine($"dotnet-careful, {perProcess.Run.Cases.Count} cases{(filter is null ? "" : $" ({filter})")}, {parallel} at a time");
        Console.WriteLine($"baseline per-process:  median {p,7:0.0} ms per case, whole run {perProcess.Whole.TotalSeconds,6:0.0} s");
        Console.WriteLine($"service mode:          median {s,7:0.0} ms per case, whole run {service.Whole.TotalSeconds,6:0.0} s ({service.Services} service processes)");
        Console.WriteLine($"ratio service / per-process: {s / p:0.00}x per case, {service.Whole / perProcess.Whole:0.00}x whole run");
        Console.WriteLine($"verdicts that differ: {differ.Count}{(differ.Count == 0 ? "" : ": " + string.Join(", ", differ))}");
    }
}
