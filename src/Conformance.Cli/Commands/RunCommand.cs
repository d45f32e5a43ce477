using Conformance.Cli.Running;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Runner.Clients;
using Conformance.Runner.Running;

namespace Conformance.Cli.Commands;

/// <summary>`run`: score clients on the catalogue; with no --client, the bundled reference clients (the main job).</summary>
public sealed class RunCommand : ICommand
{
    public string Name => "run";
    public string Summary => "score clients on the catalogue (default: the bundled reference clients)";
    public string Usage => """
        usage: conformance run [--client "<command>" [--name LABEL]]... [options]
          --client CMD       a process adapter (docs/adapter-protocol.md); repeat to compare clients
          --name LABEL       label for the preceding --client
          --profile P        dialect the clients claim: whatwg, openai (default), bastion, conduit, sandbase, anthropic
          --filter GLOB      scenario ids to run (e.g. 'framing.*,encoding.*')
          --parallel N       cases at once (default: number of cores)
          --timeout-ms N     kill a client still running after N ms and score TIMEOUT (default 20000)
          --out DIR          report folder (default reports/<timestamp>)
          --scenarios DIR    scenario folder (default scenarios/)
          --rules FILE       rule catalogue (default rules/rules.json)
        """;

    public async Task<int> RunAsync(ArgReader args, Console2 console, CancellationToken ct)
    {
        var clientArgs = args.InOrder("client", "name");
        var profileName = args.Value("profile") ?? Profiles.Default.Name;
        var filter = args.Value("filter");
        var parallel = args.Int("parallel", min: 1) ?? Environment.ProcessorCount;
        var timeoutMs = args.Int("timeout-ms", min: 100) ?? 20_000;
        var outDir = args.Value("out") ?? Path.Combine(RepoPaths.Reports, DateTime.Now.ToString("yyyyMMdd-HHmmss"));
        var scenariosDir = args.Value("scenarios") ?? RepoPaths.Scenarios;
        var rulesFile = args.Value("rules") ?? RepoPaths.Rules;
        args.RejectUnknown();

        var profile = Profiles.Find(profileName) ?? throw new UsageException($"unknown profile '{profileName}'; profiles: {string.Join(", ", Profiles.All.Select(p => p.Name))}");
        var (catalog, errors) = LoadInputs(scenariosDir, rulesFile);
        foreach (var e in errors) console.Err.WriteLine(e);
        if (errors.Count > 0) return ExitCodes.Usage;

        var runner = new ConformanceRunner(catalog.Scenarios, catalog.Rules.All);
        var unknown = runner.UnknownRuleIds();
        if (unknown.Count > 0)
        {
            console.Err.WriteLine("scenarios cite rules missing from the catalogue: " + string.Join(", ", unknown));
            return ExitCodes.Usage;
        }

        var clients = await ClientsAsync(clientArgs, profile, console, ct).ConfigureAwait(false);
        var options = new RunOptions { Parallel = parallel, CaseTimeout = TimeSpan.FromMilliseconds(timeoutMs), Filter = filter };
        var selected = catalog.Scenarios.All.Count(s => options.Matches(s.Id));
        if (selected == 0) throw new UsageException($"--filter '{filter}' matches no scenario");
        console.Out.WriteLine($"Scoring {clients.Count} client(s) × {selected} scenarios under profile '{profile.Name}', {parallel} at a time.");

        var progress = new ProgressBar(console.Err, interactive: !Console.IsErrorRedirected && ReferenceEquals(console.Err, Console.Error));
        var run = await runner.RunAsync(clients, options, progress, ct).ConfigureAwait(false);

        Directory.CreateDirectory(outDir);
        await File.WriteAllTextAsync(Path.Combine(outDir, "results.json"), ResultsJson.Serialize(run), ct).ConfigureAwait(false);
        PrintSummary(run, console.Out);
        console.Out.WriteLine($"Results: {Path.GetFullPath(Path.Combine(outDir, "results.json"))}");
        var mustFailures = run.Cases.SelectMany(c => c.Verdicts).Count(v => v.Verdict is Verdict.Fail or Verdict.AdapterError or Verdict.Timeout);
        return mustFailures == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    internal sealed record Inputs(ScenarioCatalog Scenarios, RuleCatalog Rules);

    internal static (Inputs Inputs, IReadOnlyList<string> Errors) LoadInputs(string scenariosDir, string rulesFile)
    {
        if (!Directory.Exists(scenariosDir)) throw new UsageException($"no scenario folder at {scenariosDir}");
        if (!File.Exists(rulesFile)) throw new UsageException($"no rule catalogue at {rulesFile}");
        var scenarios = ScenarioCatalog.LoadDirectory(scenariosDir);
        var (rules, ruleErrors) = RuleCatalog.LoadFile(rulesFile);
        return (new Inputs(scenarios.Catalog, rules), [.. scenarios.Errors.Select(e => "invalid scenario: " + e), .. ruleErrors.Select(e => "invalid rule: " + e)]);
    }

    private static async Task<IReadOnlyList<ClientUnderTest>> ClientsAsync(IReadOnlyList<(string Name, string? Value)> args, Profile profile, Console2 console, CancellationToken ct)
    {
        var specs = new List<(string Command, string? Name)>();
        foreach (var (name, value) in args)
        {
            if (name == "client") specs.Add((value ?? throw new UsageException("--client needs a command"), null));
            else if (specs.Count == 0) throw new UsageException("--name must follow the --client it labels");
            else specs[^1] = (specs[^1].Command, value ?? throw new UsageException("--name needs a value"));
        }
        if (specs.Count > 0)
        {
            var labels = specs.Select((s, i) => s.Name ?? (specs.Count == 1 ? "client" : $"client-{i + 1}")).ToList();
            if (labels.Distinct().Count() != labels.Count) throw new UsageException("two clients have the same --name");
            return [.. specs.Select((s, i) => new ClientUnderTest(
                new ProcessClientDriver(labels[i], s.Command, Environment.CurrentDirectory), profile,
                new ClientInfo(labels[i], "process", s.Command, profile.Name)))];
        }
        // The main job: the bundled reference clients.
        var references = ReferenceClients.Node(RepoPaths.Clients).ToList();
        references.Insert(1, await ReferenceClients.DotnetAsync(RepoPaths.Root, console.Err, ct).ConfigureAwait(false));
        return [.. references.Select(r => new ClientUnderTest(ReferenceClients.Driver(r, RepoPaths.Root), profile,
            new ClientInfo(r.Name, "process", r.Command, profile.Name)))];
    }

    private static void PrintSummary(RunResult run, TextWriter o)
    {
        o.WriteLine();
        foreach (var client in run.Clients)
        {
            var cases = run.Cases.Where(c => c.Client == client.Name).ToList();
            var verdicts = cases.SelectMany(c => c.Verdicts).ToList();
            o.WriteLine($"{client.Name} ({client.Profile}): " + string.Join("  ", Enum.GetValues<Verdict>()
                .Select(v => (v, n: verdicts.Count(x => x.Verdict == v))).Where(p => p.n > 0).Select(p => $"{p.v.Label()} {p.n}")));
            foreach (var family in cases.GroupBy(c => c.Family).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var fv = family.SelectMany(c => c.Verdicts).ToList();
                var bad = fv.Where(v => v.Verdict is Verdict.Fail or Verdict.AdapterError or Verdict.Timeout).Select(v => v.RuleId).Distinct().ToList();
                o.WriteLine($"  {family.Key,-14} pass {fv.Count(v => v.Verdict == Verdict.Pass),3}  fail {fv.Count(v => v.Verdict is Verdict.Fail or Verdict.AdapterError or Verdict.Timeout),3}  non-strict {fv.Count(v => v.Verdict == Verdict.NonStrict),2}  skip {fv.Count(v => v.Verdict == Verdict.Skipped),2}{(bad.Count > 0 ? "   failing: " + string.Join(", ", bad) : "")}");
            }
        }
    }
}
