using Conformance.Core.Results;
using Conformance.Core.Scoring;
using Conformance.Proxy.Launching;
using Conformance.Proxy.Scoring;

namespace Conformance.Proxy;

/// <summary>
/// The body of <c>conformance proxy</c>: runs the proxy cases and prints a verdict table and the
/// per-event lag. Reports, the console summary and the exit code (gate) are the CLI's, shared with <c>run</c>.
/// </summary>
public static class ProxyCommand
{
    /// <summary>The run, or null after printing why the harness could not run it (a usage or harness error).</summary>
    public static async Task<RunResult?> RunAsync(ProxyOptions options, TextWriter output, CancellationToken ct)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            foreach (var e in errors) await output.WriteLineAsync("proxy: " + e).ConfigureAwait(false);
            return null;
        }
        ProxyLauncher launch = options.ProxyUrl is { } url
            ? (_, _) => Task.FromResult<IProxyUnderTest>(new ExternalProxy(options.Name ?? url.ToString(), url))
            : async (upstream, token) => await CommandProxy.StartAsync(options.Name ?? "command", options.ProxyCommand!, upstream, token).ConfigureAwait(false);
        RunResult run;
        try
        {
            run = await new ProxyRunner { TimingAttempts = options.TimingAttempts }.RunAsync(launch, options.UpstreamPort ?? 0, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
        {
            await output.WriteLineAsync("proxy: " + ex.Message).ConfigureAwait(false);
            return null;
        }
        await output.WriteLineAsync($"proxy: {run.Clients[0].Name} — {run.Clients[0].Target}").ConfigureAwait(false);
        foreach (var c in run.Cases)
            foreach (var v in c.Verdicts)
                await output.WriteLineAsync($"  {v.Verdict.Label(),-10} {v.RuleId,-30} {c.ScenarioId,-36} {v.Reason}").ConfigureAwait(false);
        await output.WriteLineAsync($"per-event lag: {LagSummary.Of(run)}").ConfigureAwait(false);
        return run;
    }
}
