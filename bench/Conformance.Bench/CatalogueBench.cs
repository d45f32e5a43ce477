// Catalogue wall time and verdict stability (issue 14, "Catalogue"):
//
//   dotnet run -c Release --project bench/Conformance.Bench -- catalogue [--parallel 1,2,4,8,16] [--repeat N]
//       node-careful on the whole catalogue at the runner's default parallelism and at each listed one: wall time,
//       CPU (this process + its children), and verdict changes against the default run.
//   dotnet run -c Release --project bench/Conformance.Bench -- bundled [--parallel N]
//       the main job's clients (./run.sh: the 20 reference clients) and the bundled five (the unscoped ones) on the
//       whole catalogue: wall time each.
//   dotnet run -c Release --project bench/Conformance.Bench -- stability [--runs N] [--hogs K] [--five] [--parallel N]
//       the main job's clients N times (default 10), optionally with K busy-looping node processes beside it;
//       every run's verdict matrix is diffed against the first. Exit 1 when any verdict changed.
//
// Every run prints the load average before and after: the machine may be shared, and the figures mean little without it.
using System.Diagnostics;
using Conformance.Cli.Running;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Runner.Clients;
using Conformance.Runner.Running;

namespace Conformance.Bench;

public static class CatalogueBench
{
    public static async Task<int> RunAsync(string root, string[] args, CancellationToken ct)
    {
        var mode = args.Length > 0 ? args[0] : "catalogue";
        var parallel = Option(args, "--parallel");
        return mode switch
        {
            "catalogue" => await CatalogueAsync(root, parallel is null ? [1, 2, 4, 8, 16] : [.. parallel.Split(',').Select(int.Parse)], int.Parse(Option(args, "--repeat") ?? "1"), ct),
            "bundled" => await BundledAsync(root, Options(args), ct),
            "stability" => await StabilityAsync(root, int.Parse(Option(args, "--runs") ?? "10"), int.Parse(Option(args, "--hogs") ?? "0"),
                args.Contains("--five"), Options(args), ct),
            _ => throw new ArgumentException($"unknown mode '{mode}': catalogue, bundled, stability"),
        };
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static (ScenarioCatalog Scenarios, IReadOnlyList<Rule> Rules) Load(string root)
    {
        var catalog = ScenarioCatalog.LoadDirectory(Path.Combine(root, "scenarios"));
        if (catalog.Errors.Count > 0) throw new InvalidOperationException(string.Join("\n", catalog.Errors));
        var (rules, errors) = RuleCatalog.LoadFile(Path.Combine(root, "rules", "rules.json"));
        if (errors.Count > 0) throw new InvalidOperationException(string.Join("\n", errors));
        return (catalog.Catalog, rules.All);
    }

    private static async Task<int> CatalogueAsync(string root, IReadOnlyList<int> levels, int repeat, CancellationToken ct)
    {
        var (scenarios, rules) = Load(root);
        var runner = new ConformanceRunner(scenarios, rules);
        var careful = ReferenceClients.Node(Path.Combine(root, "clients")).Single(r => r.Name == "node-careful");
        ClientUnderTest[] client = [await ReferenceClients.ClientAsync(careful, root, Profiles.Default, ct)];
        var defaultParallel = new RunOptions().Parallel;
        Console.WriteLine($"node-careful × {scenarios.All.Count} scenarios; {Environment.ProcessorCount} cores; runner default --parallel {defaultParallel}; load {Load()}");
        await runner.RunAsync(client, new RunOptions { Filter = "framing.*" }, null, ct); // warm-up (JIT, disk cache)

        Dictionary<string, string>? reference = null;
        foreach (var level in (int?[])[null, .. levels.Select(l => (int?)l)])
            for (var i = 0; i < repeat; i++)
            {
                var (run, wall, cpu) = await Measure(() => runner.RunAsync(client, level is { } p ? new RunOptions { Parallel = p } : new RunOptions(), null, ct));
                var verdicts = Matrix(run);
                reference ??= verdicts;
                var changed = Diff(reference, verdicts);
                Console.WriteLine($"  --parallel {(level is null ? $"{defaultParallel} (default)" : level.ToString()),-13} wall {wall.TotalSeconds,6:0.0} s   CPU {cpu.TotalSeconds,6:0.0} s ({cpu.TotalMilliseconds / run.Cases.Count,4:0} ms/case: {LastSplit})   "
                                  + $"longest case {run.Cases.Max(c => c.DurationMs) / 1000,4:0.0} s   sum of cases {run.Cases.Sum(c => c.DurationMs) / 1000,6:0.0} s   "
                                  + $"verdict changes vs the default run: {changed.Count}   load {Load()}");
                foreach (var c in changed.Take(10)) Console.WriteLine("      " + c);
            }
        return 0;
    }

    private static async Task<int> BundledAsync(string root, RunOptions options, CancellationToken ct)
    {
        var (scenarios, rules) = Load(root);
        var runner = new ConformanceRunner(scenarios, rules);
        var all = await MainJobClientsAsync(root, ct);
        Console.WriteLine($"{scenarios.All.Count(s => options.Matches(s.Id))} scenarios; {Environment.ProcessorCount} cores; --parallel {options.Parallel}, starting {options.Starting}; load {Load()}");
        await runner.RunAsync(all.Take(1).ToList(), options with { Filter = "framing.*" }, null, ct); // warm-up
        foreach (var (label, clients) in new[] { ("bundled five", Five(all)), ($"main job ({all.Count} clients)", all) })
        {
            var (run, wall, cpu) = await Measure(() => runner.RunAsync(clients, options, null, ct));
            Console.WriteLine($"  {label,-24} {run.Cases.Count,5} cases   wall {wall.TotalSeconds,6:0.0} s   CPU {cpu.TotalSeconds,6:0.0} s ({cpu.TotalMilliseconds / run.Cases.Count,4:0} ms/case: {LastSplit})   load {Load()}");
        }
        return 0;
    }

    /// <summary>--parallel N, --starting N, --filter GLOB on top of the runner's defaults.</summary>
    private static RunOptions Options(string[] args)
    {
        var options = new RunOptions { Filter = Option(args, "--filter") };
        if (Option(args, "--parallel") is { } p) options = options with { Parallel = int.Parse(p) };
        if (Option(args, "--starting") is { } s) options = options with { Starting = int.Parse(s) };
        return options;
    }

    /// <summary>The committed reference verdict matrix (tests/…/reference-verdicts.verified.txt): client scenario rule → verdict.</summary>
    private static Dictionary<string, string> Snapshot(string root)
    {
        var path = Path.Combine(root, "tests", "Conformance.Tests", "Runner", "Snapshots", "reference-verdicts.verified.txt");
        // "client scenario rule VERDICT", and a verdict may have a space of its own ("NOT RUN").
        return File.ReadLines(path).Where(l => l.Length > 0).Select(l => l.Split(' ', 4))
            .ToDictionary(p => $"{p[0]} {p[1]} {p[2]}", p => p[3], StringComparer.Ordinal);
    }

    private static async Task<int> StabilityAsync(string root, int runs, int hogs, bool fiveOnly, RunOptions options, CancellationToken ct)
    {
        var (scenarios, rules) = Load(root);
        var runner = new ConformanceRunner(scenarios, rules);
        var all = await MainJobClientsAsync(root, ct);
        var clients = fiveOnly ? Five(all) : all;
        var snapshot = Snapshot(root);
        var hogProcesses = Enumerable.Range(0, hogs).Select(_ => Process.Start(new ProcessStartInfo("node", ["-e", "for(;;){}"]) { UseShellExecute = false })!).ToList();
        Console.WriteLine($"{clients.Count} clients × {scenarios.All.Count(s => options.Matches(s.Id))} scenarios, {runs} runs, --parallel {options.Parallel}, starting {options.Starting}, {hogs} CPU hog(s) (pids {string.Join(",", hogProcesses.Select(h => h.Id))}); load {Load()}");
        var changes = 0;
        try
        {
            Dictionary<string, string>? first = null;
            for (var i = 1; i <= runs; i++)
            {
                var (run, wall, _) = await Measure(() => runner.RunAsync(clients, options, null, ct));
                var verdicts = Matrix(run);
                first ??= verdicts;
                var changed = Diff(first, verdicts);
                // Against the committed matrix too (its lines for the cases this run has): a change every run shares is still a change.
                var committed = Diff(snapshot.Where(kv => verdicts.ContainsKey(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal), verdicts);
                changes += changed.Count + committed.Count;
                Console.WriteLine($"  run {i,2}: {run.Cases.Count} cases, {verdicts.Count} verdicts, wall {wall.TotalSeconds,6:0.0} s, changes vs run 1: {changed.Count}, vs the committed snapshot: {committed.Count}   load {Load()}");
                foreach (var c in changed) Console.WriteLine("      run 1 -> this: " + c + Reason(run, c));
                foreach (var c in committed) Console.WriteLine("      snapshot -> this: " + c + Reason(run, c));
            }
        }
        finally
        {
            foreach (var h in hogProcesses) { try { h.Kill(); h.WaitForExit(); } catch (InvalidOperationException) { } h.Dispose(); }
        }
        Console.WriteLine($"verdict changes over {runs} runs: {changes}");
        return changes == 0 ? 0 : 1;
    }

    /// <summary>The 20 clients `./run.sh` scores (ReferenceClients; dotnet-careful second, as the CLI orders them).</summary>
    private static async Task<List<ClientUnderTest>> MainJobClientsAsync(string root, CancellationToken ct)
    {
        var references = ReferenceClients.Node(Path.Combine(root, "clients")).ToList();
        references.Insert(1, await ReferenceClients.DotnetAsync(root, Console.Error, ct));
        return [.. await Task.WhenAll(references.Select(r => ReferenceClients.ClientAsync(r, root, Profiles.Default, ct)))];
    }

    /// <summary>The bundled five: the reference clients scored on the whole catalogue (no scope).</summary>
    private static List<ClientUnderTest> Five(IEnumerable<ClientUnderTest> all) => [.. all.Where(c => c.Scope is null)];

    private static async Task<(RunResult Run, TimeSpan Wall, TimeSpan Cpu)> Measure(Func<Task<RunResult>> run)
    {
        var (selfBefore, childrenBefore) = (Process.GetCurrentProcess().TotalProcessorTime, ChildrenCpu());
        var clock = Stopwatch.StartNew();
        var result = await run();
        var wall = clock.Elapsed;
        var (self, children) = (Process.GetCurrentProcess().TotalProcessorTime - selfBefore, ChildrenCpu() - childrenBefore);
        LastSplit = $"harness {self.TotalMilliseconds / Math.Max(1, result.Cases.Count):0} + clients {children.TotalMilliseconds / Math.Max(1, result.Cases.Count):0} ms/case";
        return (result, wall, self + children);
    }

    /// <summary>The last measurement's CPU split: this process (server, runner, scoring) against the client processes.</summary>
    private static string LastSplit = "";

    /// <summary>CPU of the children this process has waited for (utime + stime of the dead children, /proc/self/stat fields 16 and 17).</summary>
    private static TimeSpan ChildrenCpu()
    {
        if (!File.Exists("/proc/self/stat")) return TimeSpan.Zero;
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields from 3 (state) on
        var ticks = long.Parse(fields[16 - 3]) + long.Parse(fields[17 - 3]);
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static Dictionary<string, string> Matrix(RunResult run) =>
        run.Cases.SelectMany(c => c.Verdicts.Select(v => (Key: $"{c.Client} {c.ScenarioId} {v.RuleId}", Value: v.Verdict.Label())))
            .ToDictionary(x => x.Key, x => x.Value, StringComparer.Ordinal);

    private static List<string> Diff(Dictionary<string, string> a, Dictionary<string, string> b) =>
        [.. a.Keys.Union(b.Keys).Order(StringComparer.Ordinal)
            .Where(k => a.GetValueOrDefault(k) != b.GetValueOrDefault(k))
            .Select(k => $"{k}: {a.GetValueOrDefault(k) ?? "-"} -> {b.GetValueOrDefault(k) ?? "-"}")];

    private static string Reason(RunResult run, string change)
    {
        var parts = change.Split(' ');
        var verdict = run.Cases.FirstOrDefault(c => c.Client == parts[0] && c.ScenarioId == parts[1])?.Verdicts.FirstOrDefault(v => v.RuleId == parts[2].TrimEnd(':'));
        return verdict is null ? "" : $"  ({verdict.Reason})";
    }
}
