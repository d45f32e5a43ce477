using Conformance.Core.Scoring;
using Conformance.Lint;

namespace Conformance.Cli.Commands;

/// <summary>`lint`: sends one streaming request to a live server and scores its stream against rules/server-rules.json; reports and gate as `run`.</summary>
public sealed class LintCommand(Func<string, string?>? environment = null) : ICommand
{
    private readonly Func<string, string?> _environment = environment ?? Environment.GetEnvironmentVariable;

    public string Name => "lint";
    public string Summary => "score a live server's stream against server-side rules (headers, framing, chunks, terminator, flushing)";
    public string Usage => $$"""
        usage: conformance lint --url BASE --api API [--model M] [--header K:V]… [--key-env VAR] [--request FILE] [--repeat N] [options]
        {{LintOptionsReader.Usage}}
          --repeat N            send the request N times, one after the other (each is a case)
        {{ReportOutput.Usage}}
        Sends nothing but that request to that URL. Rules: ./run.sh rules --rules rules/server-rules.json; docs/lint-and-record.md.
        exit: 0 every MUST rule passes, 1 a MUST rule failed, 2 stale baseline, 3 usage error or the server could not be reached
        """;

    public async Task<int> RunAsync(ArgReader args, Console2 console, CancellationToken ct)
    {
        var options = LintOptionsReader.Read(args, _environment, allowRepeat: true);
        var report = ReportOutput.FromArgs(args);
        args.RejectUnknown();
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
