using System.CommandLine;
using Conformance.Core.Scoring;
using Conformance.Lint;

namespace Conformance.Cli.Commands;

/// <summary>`lint`: sends one streaming request to a live server and scores its stream against rules/server-rules.json; reports and gate as `run`.</summary>
public sealed class LintCommand(Func<string, string?>? environment = null) : ICommand
{
    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    public string Name => "lint";
    public string Summary => "score a live server's stream against server-side rules (headers, framing, chunks, terminator, flushing)";

    private const string Epilogue = """
        Sends nothing but that request to that URL. Rules: ./run.sh rules --rules rules/server-rules.json; docs/lint-and-record.md.
        exit: 0 every MUST rule passes, 1 a MUST rule failed, 2 stale baseline, 3 usage error or the server could not be reached
        """;

    public CommandDefinition Define()
    {
        var request = new LintRequestOptions(repeat: true);
        var report = new ReportOutput.Options();
        var command = new Command(Name, Summary);
        request.AddTo(command);
        report.AddTo(command);
        return new CommandDefinition(command, (parse, console, ct) =>
        {
            var options = request.Read(parse, _environment);
            return RunAsync(options, report.Read(parse), console, ct);
        }) { Epilogue = Epilogue };
    }

    private static async Task<int> RunAsync(LintOptions options, ReportOutput report, Console2 console, CancellationToken ct)
    {
        var request = options.ToRequest();
        console.Out.WriteLine($"lint: POST {request.Url} ({options.Dialect.Name}{(options.Repeat > 1 ? $", {options.Repeat} times" : "")}{(options.KeyEnv is null ? "" : $", key from ${options.KeyEnv}")})");
        var outcome = await new LintRunner().RunAsync(options, ct).ConfigureAwait(false);
        if (outcome.Run is not { } run) throw new HarnessException(outcome.Fault!);
        foreach (var c in run.Cases)
        {
            var capture = outcome.Captures[run.Cases.ToList().IndexOf(c)];
            console.Out.WriteLine($"{c.ScenarioId}: HTTP {capture.Status}, {capture.Body.Length} body bytes in {capture.Pieces.Count} piece(s), ended {capture.Ended} after {capture.EndedAtMs:0} ms");
            foreach (var v in c.Verdicts)
                console.Out.WriteLine($"  {v.Verdict.Label(),-10} {v.RuleId,-34} {v.Reason}");
        }
        var gate = await report.WriteAsync(run, console, showGate: true, ct).ConfigureAwait(false);
        return gate.ExitCode;
    }
}
