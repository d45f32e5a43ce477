using System.CommandLine;
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

    private const string Epilogue = "exit: 0 nothing found, 1 something found, 3 usage or harness error";

    public CommandDefinition Define()
    {
        var clients = new ClientOptions("the process adapter to explore (docs/adapter-protocol.md); required", browser: null,
            "retries,idle-timeout,cancel,status");
        var profile = SharedOptions.Profile("dialect the client claims (default: openai)");
        var filter = SharedOptions.Filter("scenario ids to explore");
        var seed = SharedOptions.Int("--seed", "S", "seed of the plan generators: the same seed gives the same plans and files", min: 0, () => 1);
        var budget = SharedOptions.Int("--budget", "N", "client runs at most, own plans, confirmations and shrinking included", min: 1, () => ExploreOptions.DefaultBudget);
        var parallel = SharedOptions.Parallel("client runs (the results do not depend on it)");
        var timeoutMs = SharedOptions.TimeoutMs(10_000);
        var output = SharedOptions.Out("DIR", "where DIR/explore.json and one DIR/scenarios/<family>/<id>.json per finding go; required");
        var scenarios = SharedOptions.ScenariosDir("scenario folder (default: scenarios/)");
        var rules = SharedOptions.Rules();

        var command = new Command(Name, Summary);
        clients.AddTo(command);
        foreach (var o in new Option[] { filter, seed, budget, profile, parallel, timeoutMs, output, scenarios, rules }) command.Options.Add(o);

        return new CommandDefinition(command, (parse, console, ct) =>
        {
            var clientCount = clients.ClientCount(parse);
            if (clientCount != 1) throw new UsageException(clientCount == 0 ? "--client is required" : "explore takes one --client");
            var outDir = parse.GetValue(output) ?? throw new UsageException("--out is required");
            var options = new ExploreOptions
            {
                Seed = parse.GetValue(seed)!.Value, Budget = parse.GetValue(budget)!.Value, Parallel = SharedOptions.ParallelOf(parse, parallel),
                CaseTimeout = TimeSpan.FromMilliseconds(parse.GetValue(timeoutMs)!.Value), Filter = parse.GetValue(filter),
            };
            return RunAsync(clients.InOrder(parse), parse.GetValue(profile), options, outDir,
                parse.GetValue(scenarios) ?? RepoPaths.Scenarios, parse.GetValue(rules) ?? RepoPaths.Rules, console, ct);
        }) { Epilogue = Epilogue };
    }

    private static async Task<int> RunAsync(IReadOnlyList<(string Name, string? Value)> clientArgs, Profile? forced, ExploreOptions options, string outDir,
        string scenariosDir, string rulesFile, Console2 console, CancellationToken ct)
    {
        var (seed, budget, parallel, filter) = (options.Seed, options.Budget, options.Parallel, options.Filter);
        var (inputs, errors) = RunCommand.LoadInputs(scenariosDir, rulesFile);
        foreach (var e in errors) console.Err.WriteLine(e);
        if (errors.Count > 0) return ExitCodes.Usage;
        var unknown = inputs.Scenarios.All.SelectMany(s => s.Rules.Where(r => inputs.Rules.Find(r) is null).Select(r => $"{s.Id}: {r}")).ToList();
        if (unknown.Count > 0)
        {
            console.Err.WriteLine("scenarios cite rules missing from the catalogue: " + string.Join(", ", unknown));
            return ExitCodes.Usage;
        }
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
