using System.Text.Json;
using Conformance.Cli.Running;
using Conformance.Core.Diagnostics;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Runner.Exploring;

namespace Conformance.Cli.Commands;

/// <summary>
/// `explore`: seeded write plans over each scenario's events, run against one client; a rule it passes under the
/// scenario's own plan and fails under a generated one is shrunk to a minimal plan and written as a scenario
/// (docs/explore.md).
/// </summary>
public sealed class ExploreCommand : ICommand
{
    public string Name => "explore";
    public string Summary => "find the split nobody anticipated: seeded write plans, shrunk to minimal failing scenarios";
    public string Usage => $"""
        usage: conformance explore --client "<command>" [--name LABEL] --out DIR [options]
          --client CMD          the process adapter to explore (docs/adapter-protocol.md)
          --name LABEL          its label in the reports
          --apis LIST           APIs it speaks; scenarios of other APIs are not explored. Default: the adapter's hello, else all
          --features LIST       what it can do (retries,idle-timeout,cancel,status); default: the adapter's hello, else all
          --observes LEVEL      what it reports: objects, text or message
          --filter GLOB         scenario ids to explore, e.g. 'framing.crlf.*' (default: all)
          --seed S              seed of the plan generators (default 1): the same seed gives the same plans and files
          --budget N            client runs at most, own plans, confirmations and shrinking included (default {ExploreOptions.DefaultBudget})
          --profile P           dialect the client claims: whatwg, openai (default), bastion, conduit, sandbase, anthropic
          --parallel N          client runs at once (default: number of cores); the results do not depend on it
          --timeout-ms N        kill a client still running after N ms and score TIMEOUT (default 10000)
          --out DIR             writes DIR/explore.json and one DIR/scenarios/<family>/<id>.json per finding
          --scenarios DIR       scenario folder (default scenarios/)
          --rules FILE          rule catalogue (default rules/rules.json)
        exit: 0 nothing found, 1 something found, 3 usage or harness error
        """;

    public async Task<int> RunAsync(ArgReader args, Console2 console, CancellationToken ct)
    {
        var clientArgs = args.InOrder("client", "name", "apis", "features", "observes");
        var profileName = args.Value("profile");
        var filter = args.Value("filter");
        var seed = args.Int("seed", min: 0) ?? 1;
        var budget = args.Int("budget", min: 1) ?? ExploreOptions.DefaultBudget;
        var parallel = args.Int("parallel", min: 1) ?? Environment.ProcessorCount;
        var timeoutMs = args.Int("timeout-ms", min: 100) ?? 10_000;
        var outDir = args.Value("out");
        var scenariosDir = args.Value("scenarios") ?? RepoPaths.Scenarios;
        var rulesFile = args.Value("rules") ?? RepoPaths.Rules;
        args.RejectUnknown();

        var clientCount = clientArgs.Count(a => a.Name == "client");
        if (clientCount != 1) throw new UsageException(clientCount == 0 ? "--client is required" : "explore takes one --client");
        if (outDir is null) throw new UsageException("--out is required");
        Profile? forced = null;
        if (profileName is not null)
            forced = Profiles.Find(profileName) ?? throw new UsageException($"unknown profile '{profileName}'; profiles: {string.Join(", ", Profiles.All.Select(p => p.Name))}");

        var (inputs, errors) = RunCommand.LoadInputs(scenariosDir, rulesFile);
        foreach (var e in errors) console.Err.WriteLine(e);
        if (errors.Count > 0) return ExitCodes.Usage;
        var unknown = inputs.Scenarios.All.SelectMany(s => s.Rules.Where(r => inputs.Rules.Find(r) is null).Select(r => $"{s.Id}: {r}")).ToList();
        if (unknown.Count > 0)
        {
            console.Err.WriteLine("scenarios cite rules missing from the catalogue: " + string.Join(", ", unknown));
            return ExitCodes.Usage;
        }
        var options = new ExploreOptions { Seed = seed, Budget = budget, Parallel = parallel, CaseTimeout = TimeSpan.FromMilliseconds(timeoutMs), Filter = filter };
        var selected = inputs.Scenarios.All.Count(s => options.Matches(s.Id));
        if (selected == 0) throw new UsageException($"--filter '{filter}' matches no scenario");
        // Before any client runs: an exploration whose findings cannot be written is lost work.
        ReportOutput.EnsureWritable(outDir);

        var client = (await RunCommand.ClientsAsync(clientArgs, forced, null, _ => { }, console, ct).ConfigureAwait(false))[0];
        console.Out.WriteLine($"Exploring {selected} scenario(s) against {client.Info.Name} (profile {client.Profile.Name}), seed {seed}, budget {budget} runs, {parallel} at a time.");
        var progress = new ExploreProgressBar(console.Err, interactive: !Console.IsErrorRedirected && ReferenceEquals(console.Err, Console.Error));
        var result = await new Explorer(inputs.Scenarios, inputs.Rules.All).RunAsync(client, options, progress, ct).ConfigureAwait(false);
        progress.Finish();

        Write(result, outDir);
        console.Out.WriteLine();
        console.Out.Write(ExploreSummary.Render(result, outDir));
        console.Out.WriteLine($"  wrote {Path.GetFullPath(Path.Combine(outDir, "explore.json"))}");
        console.Out.WriteLine(result.Findings.Count == 0 ? "exit 0: nothing found" : $"exit 1: found {result.Findings.Count}");
        return result.Findings.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>The findings' scenario files, checked as a scenario folder, then explore.json.</summary>
    private static void Write(ExploreResult result, string outDir)
    {
        try
        {
            foreach (var f in result.Findings)
            {
                var path = Path.Combine(outDir, f.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, f.Json);
            }
            if (result.Findings.Count > 0)
            {
                var written = result.Findings.Select(f => f.Path["scenarios/".Length..]).ToHashSet(StringComparer.Ordinal);
                var problems = ScenarioCatalog.LoadDirectory(Path.Combine(outDir, "scenarios")).Errors.Where(e => written.Contains(e.File)).ToList();
                if (problems.Count > 0) throw new InvalidOperationException("a written scenario does not load: " + string.Join("; ", problems));
            }
            File.WriteAllText(Path.Combine(outDir, "explore.json"), JsonSerializer.Serialize(result, ResultsJson.Options) + "\n");
        }
        catch (Exception ex) when (IoErrors.IsIo(ex))
        {
            throw new HarnessException($"cannot write to {outDir}: {IoErrors.Reason(ex)}", ex);
        }
    }
}
