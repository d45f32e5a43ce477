using System.CommandLine;
using System.Text.Json;
using Conformance.Core.Diagnostics;
using Conformance.Core.Results;

namespace Conformance.Cli.Commands;

/// <summary>`merge`: the report folders of a sharded run (<c>run --shard i/n</c>) → one set of reports and one gate verdict.</summary>
public sealed class MergeCommand : ICommand
{
    public string Name => "merge";
    public string Summary => "merge the results of a sharded run (run --shard i/n) into one set of reports";

    private const string Epilogue = """
        Refuses (exit 3) results of different tool versions or catalogues, a case given twice and a missing shard.
        With the bundled reference clients and no --baseline/--threshold it checks them against clients/expected-failures.json,
        as `run` does.
        exit: 0 pass, 1 a case failed (or a score is below --threshold), 2 stale baseline, 3 usage or harness error
        """;

    public CommandDefinition Define()
    {
        var shards = new Argument<string[]>("DIR") { Description = "a report folder of one shard (its results.json), or a results.json itself", Arity = ArgumentArity.ZeroOrMore };
        var report = new ReportOutput.Options();
        var command = new Command(Name, Summary) { shards };
        report.AddTo(command);
        return new CommandDefinition(command, (parse, console, ct) =>
        {
            var inputs = parse.GetValue(shards) ?? [];
            // The report options first, as before: a bad --format is reported whatever the folders are.
            var output = report.Read(parse);
            if (inputs.Length == 0) throw new UsageException("name the shards' report folders to merge");
            return RunAsync(inputs, output, console, ct);
        }) { Epilogue = Epilogue };
    }

    private static async Task<int> RunAsync(IReadOnlyList<string> inputs, ReportOutput report, Console2 console, CancellationToken ct)
    {

        var runs = new List<RunResult>();
        foreach (var input in inputs)
        {
            var file = Directory.Exists(input) ? Path.Combine(input, "results.json") : input;
            if (!File.Exists(file)) throw new UsageException($"{input}: no results.json there");
            try { runs.Add(ResultsJson.Deserialize(await File.ReadAllTextAsync(file, ct).ConfigureAwait(false))); }
            catch (JsonException ex) { throw new HarnessException($"{file}: not a results.json this tool reads: {ex.Message}", ex); }
            catch (Exception ex) when (IoErrors.IsIo(ex)) { throw new HarnessException($"cannot read {file}: {IoErrors.Reason(ex)}", ex); }
        }
        var (merged, errors) = RunMerge.Merge(runs, inputs);
        if (merged is null)
        {
            foreach (var e in errors) console.Err.WriteLine($"conformance merge: {e}");
            return ExitCodes.Usage;
        }
        console.Out.WriteLine($"Merged {runs.Count} result set(s): {merged.Clients.Count} client(s), {merged.Cases.Count} cases.");

        var expected = Path.Combine(RepoPaths.Clients, "expected-failures.json");
        var references = File.Exists(expected) ? Running.ExpectedFailures.Load(expected).Clients : [];
        var selfCheck = report.Baseline is null && report.Threshold is null && merged.Clients.Count > 0
                        && merged.Clients.All(c => references.Contains(c.Name)) && merged.Clients.Count == references.Count;
        var gate = await report.WriteAsync(merged, console, showGate: !selfCheck, ct).ConfigureAwait(false);
        return selfCheck ? RunCommand.SelfCheck(merged, console) : gate.ExitCode;
    }
}
