using Conformance.Core.Results;
using Conformance.Core.Scoring;
using Conformance.Proxy.Launching;
using Conformance.Proxy.Scoring;

namespace Conformance.Proxy;

/// <summary>The body of <c>conformance proxy</c>: runs the proxy cases, prints a verdict table, writes results.json. Exit 0 all pass, 1 a MUST failed, 3 usage or harness error.</summary>
public static class ProxyCommand
{
    public static async Task<int> RunAsync(ProxyOptions options, TextWriter output, CancellationToken ct)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            foreach (var e in errors) await output.WriteLineAsync("proxy: " + e).ConfigureAwait(false);
            return 3;
        }
        ProxyLauncher launch = options.ProxyUrl is { } url
            ? (_, _) => Task.FromResult<IProxyUnderTest>(new ExternalProxy(options.Name ?? url.ToString(), url))
            : async (upstream, token) => await CommandProxy.StartAsync(options.Name ?? "command", options.ProxyCommand!, upstream, token).ConfigureAwait(false);
        RunResult run;
        try
        {
            run = await new ProxyRunner().RunAsync(launch, options.UpstreamPort ?? 0, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await output.WriteLineAsync("proxy: " + ex.Message).ConfigureAwait(false);
            return 3;
        }
        Directory.CreateDirectory(options.Out);
        var path = Path.Combine(options.Out, "results.json");
        await File.WriteAllTextAsync(path, ResultsJson.Serialize(run), ct).ConfigureAwait(false);
        await output.WriteLineAsync($"proxy: {run.Clients[0].Name} — {run.Clients[0].Target}").ConfigureAwait(false);
        foreach (var c in run.Cases)
            foreach (var v in c.Verdicts)
                await output.WriteLineAsync($"  {v.Verdict.Label(),-10} {v.RuleId,-30} {c.ScenarioId,-36} {v.Reason}").ConfigureAwait(false);
        await output.WriteLineAsync($"per-event lag: {LagSummary.Of(run)}").ConfigureAwait(false);
        await output.WriteLineAsync($"wrote {path}").ConfigureAwait(false);
        return run.Cases.SelectMany(c => c.Verdicts).Any(v => v.Verdict == Verdict.Fail) ? 1 : 0;
    }
}
