using Conformance.Core.Results;
using Conformance.Core.Scoring;
using Conformance.Proxy;
using Conformance.Proxy.Launching;
using Conformance.Proxy.Scoring;

namespace Conformance.Tests.Proxy;

internal static class ProxyHarness
{
    public static async Task<RunResult> RunAsync(ProxyLauncher launch, CancellationToken ct = default)
    {
        var run = await new ProxyRunner().RunAsync(launch, 0, ct);
        Report(run);
        return run;
    }

    /// <summary>Prints every verdict and the lag figures; appends the lags to bin/…/proxy-lags.txt for the closing note.</summary>
    public static void Report(RunResult run)
    {
        var name = run.Clients[0].Name;
        TestContext.Out.WriteLine($"{name}: per-event lag {LagSummary.Of(run)}; heartbeat case {LagSummary.Of(run, "proxy.heartbeat.quiet-stream")}");
        foreach (var c in run.Cases)
        {
            foreach (var v in c.Verdicts) TestContext.Out.WriteLine($"  {v.Verdict.Label(),-10} {v.RuleId,-30} {c.ScenarioId,-34} {v.Reason}");
            if (c.Attachments.TryGetValue("timeline", out var t) && c.ScenarioId.StartsWith("proxy.buffering", StringComparison.Ordinal)) TestContext.Out.WriteLine(t);
        }
        File.AppendAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "proxy-lags.txt"),
            $"{DateTimeOffset.UtcNow:O} {name}: {LagSummary.Of(run)}\n");
    }

    public static RuleVerdict Verdict(RunResult run, string scenarioId, string ruleId) =>
        run.Cases.Single(c => c.ScenarioId == scenarioId).Verdicts.Single(v => v.RuleId == ruleId);

    public static IEnumerable<(string Case, RuleVerdict Verdict)> AllVerdicts(RunResult run) =>
        run.Cases.SelectMany(c => c.Verdicts.Select(v => (c.ScenarioId, v)));

    public static string Failures(RunResult run) =>
        string.Join("\n", AllVerdicts(run).Where(x => x.Verdict.Verdict != Core.Scoring.Verdict.Pass).Select(x => $"{x.Case} {x.Verdict.RuleId}: {x.Verdict.Verdict.Label()} {x.Verdict.Reason}"));

    public static ProxyLauncher Direct => (port, _) => Task.FromResult<IProxyUnderTest>(new ExternalProxy("direct (no proxy)", new Uri($"http://127.0.0.1:{port}")));
}
