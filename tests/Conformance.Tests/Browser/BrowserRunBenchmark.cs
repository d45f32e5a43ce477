using System.Diagnostics;
using Conformance.Core.Observations;

namespace Conformance.Tests.Browser;

/// <summary>
/// Measures what a browser run costs: every catalogue scenario through fetch-careful, two pages at a
/// time (the machine has 2 cores), one browser. Prints the median per-case cost (fresh context + page +
/// navigation + the case) and the whole-run time, including the browser launch.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class BrowserRunBenchmark
{
    [Test]
    public Task FetchCareful_AllScenarios_CostPerCase() => RunAllAsync("fetch-careful", strict: true);

    /// <summary>The survey behind the Findings in docs/browser-contract.md: the browser's EventSource on every scenario.</summary>
    [Test, Explicit("a survey, run by hand: dotnet test --filter Name~EventSource_AllScenarios")]
    public Task EventSource_AllScenarios_Survey() => RunAllAsync("eventsource", strict: false);

    private static async Task RunAllAsync(string target, bool strict)
    {
        var whole = Stopwatch.StartNew();
        await using var host = await BrowserCaseHost.StartAsync();
        var launch = whole.Elapsed;
        var scenarios = host.Catalog.All;
        var outcomes = new List<CaseOutcome>();
        using var gate = new SemaphoreSlim(2);
        await Task.WhenAll(scenarios.Select(async s =>
        {
            await gate.WaitAsync();
            try
            {
                var o = await host.RunAsync(target, s.Id, TimeSpan.FromSeconds(30));
                lock (outcomes) outcomes.Add(o);
            }
            finally { gate.Release(); }
        }));
        var total = whole.Elapsed;
        var costs = outcomes.Select(o => o.Run.DurationMs).Order().ToList();
        var median = costs.Count % 2 == 1 ? costs[costs.Count / 2] : (costs[costs.Count / 2 - 1] + costs[costs.Count / 2]) / 2;
        // Overhead: what the browser adds around the client's own work (context, page, navigation, close).
        var overheads = outcomes.Where(o => o.Last is not null).Select(o => o.Run.DurationMs - o.Last!.AtMs).Order().ToList();
        var overhead = overheads[overheads.Count / 2];
        TestContext.Progress.WriteLine($"browser run: {outcomes.Count} cases, {target}, 2 parallel pages, chromium {host.Session.Version}");
        TestContext.Progress.WriteLine($"  launch {launch.TotalMilliseconds:F0} ms, whole run {total.TotalSeconds:F1} s, median per case {median:F0} ms, min {costs[0]:F0} ms, max {costs[^1]:F0} ms, median browser overhead {overhead:F0} ms");
        foreach (var o in outcomes.OrderBy(o => o.Scenario.Id))
            TestContext.Progress.WriteLine($"  {o.Run.DurationMs,8:F0} ms  {o.Scenario.Id}  -> {(o.Run.TimedOut ? "TIMEOUT" : o.Last?.ToString() ?? "-")} text=\"{o.Text}\"");
        if (!strict) return;
        Assert.That(outcomes, Has.Count.EqualTo(scenarios.Count));
        Assert.That(outcomes.Where(o => o.Run.Faults.Count > 0 || o.Run.TimedOut).Select(o => o.Describe()), Is.Empty);
        Assert.That(outcomes.All(o => o.Last is EndObservation or ErrorObservation));
    }
}
