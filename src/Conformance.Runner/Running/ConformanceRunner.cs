using System.Collections.Concurrent;
using System.Diagnostics;
using Conformance.Core.Journal;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Runner.Clients;
using Conformance.Server.Catalog;
using Conformance.Server.Hosting;

namespace Conformance.Runner.Running;

/// <summary>
/// Scores clients on a scenario catalogue: one mock server for the run, one case (own URL, attempt
/// counter and journal) per client × scenario, cases in parallel, every case scored per rule.
/// </summary>
public sealed class ConformanceRunner(ScenarioCatalog scenarios, IReadOnlyList<Rule> rules)
{
    private readonly Dictionary<string, Rule> _rules = rules.ToDictionary(r => r.Id, StringComparer.Ordinal);

    /// <summary>
    /// Every exchange the run's mock server completes, including those no case journal holds (a CORS
    /// preflight is answered by the router and never reaches a case): for logs and wire-level tests.
    /// </summary>
    public event Action<ExchangeLog>? ExchangeCompleted;

    /// <summary>Rule ids used by scenarios but missing from the catalogue (a harness error to report before running).</summary>
    public IReadOnlyList<string> UnknownRuleIds() =>
        [.. scenarios.All.SelectMany(s => s.Rules.Where(r => !_rules.ContainsKey(r)).Select(r => $"{s.Id}: {r}")).Distinct()];

    /// <summary>
    /// Runs every case. Cancelling <paramref name="ct"/> is an interrupt, not a failure: no new case starts, the running
    /// clients are stopped (with their process groups), and the result holds the cases that finished, marked <see cref="RunResult.Interrupted"/>.
    /// </summary>
    public async Task<RunResult> RunAsync(IReadOnlyList<ClientUnderTest> clients, RunOptions options, IProgress<CaseProgress>? progress, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var selected = scenarios.All.Where(s => options.Matches(s.Id)).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var work = clients.SelectMany(c => selected.Where(s => c.InScope(s.Id) && options.InShard(c.Info.Name, s.Id)).Select(s => (Client: c, Scenario: s))).ToList();
        var expectations = new ConcurrentDictionary<(string, string), Expectation>();
        var bounded = new ConcurrentDictionary<(string, string), Expectation>();
        var results = new CaseResult?[work.Count];
        int done = 0, passed = 0, failed = 0, skipped = 0, nonStrict = 0, notRun = 0;
        // Longest first (by the scenario's scripted waits), so a long case never starts last and holds the run's end
        // alone; ties keep the catalogue order. Results keep their places whatever the order cases ran in.
        var cost = selected.ToDictionary(s => s.Id, CaseCost.EstimateMs, StringComparer.Ordinal);
        var order = Enumerable.Range(0, work.Count).OrderByDescending(i => cost[work[i].Scenario.Id]).ThenBy(i => i).ToArray();
        var next = -1;

        await using var server = MockServer.Start(new MockServerOptions { MaxCases = Math.Max(4096, work.Count * 4) }, new CatalogScenarioSource(scenarios));
        server.ExchangeCompleted += e => ExchangeCompleted?.Invoke(e);
        using var starting = new SemaphoreSlim(Math.Max(1, options.Starting));
        var context = new RunContext(server, options, starting);
        var workers = Enumerable.Range(0, Math.Clamp(options.Parallel, 1, Math.Max(1, work.Count))).Select(_ => Task.Run(async () =>
        {
            int at;
            while ((at = Interlocked.Increment(ref next)) < order.Length)
            {
                ct.ThrowIfCancellationRequested();
                var index = order[at];
                var item = work[index];
                var expectation = expectations.GetOrAdd((item.Scenario.Id, item.Client.Profile.Name), _ => ExpectationBuilder.Build(item.Scenario, item.Client.Profile));
                var result = await RunCaseAsync(context, item.Client, item.Scenario, expectation, ct).ConfigureAwait(false);
                // Scored on everything; kept within bounds, so a 100,000-event case does not weigh on the run (ReportBounds).
                result = ReportBounds.Apply(result, bounded.GetOrAdd((item.Scenario.Id, item.Client.Profile.Name), _ => ReportBounds.Expectation(expectation)));
                results[index] = result;
                _ = Verdicts.Outcome(result.Verdicts.Select(v => v.Verdict)) switch
                {
                    CaseOutcome.Failed => Interlocked.Increment(ref failed),
                    CaseOutcome.NonStrict => Interlocked.Increment(ref nonStrict),
                    CaseOutcome.Skipped => Interlocked.Increment(ref skipped),
                    CaseOutcome.NotRun => Interlocked.Increment(ref notRun),
                    _ => Interlocked.Increment(ref passed),
                };
                progress?.Report(new CaseProgress(Interlocked.Increment(ref done), work.Count, passed, failed, skipped, result) { NonStrict = nonStrict, NotRun = notRun });
            }
        }, CancellationToken.None)).ToList();
        var interrupted = false;
        try { await Task.WhenAll(workers).ConfigureAwait(false); }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { interrupted = true; } // every task has ended: the finished cases are the run
        finally
        {
            // Service-mode adapters live between cases; the run's end is theirs (a later run starts fresh ones).
            await Task.WhenAll(clients.Select(c => c.Driver).OfType<ProcessClientDriver>().Distinct().Select(d => d.StopServicesAsync())).ConfigureAwait(false);
        }

        var usedRules = selected.SelectMany(s => s.Rules).Distinct().Select(id => _rules[id]).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        return new RunResult
        {
            StartedAt = started,
            DurationMs = Math.Round(clock.Elapsed.TotalMilliseconds, 1),
            Clients = [.. clients.Select(c => c.Info)],
            Rules = usedRules,
            Cases = [.. results.OfType<CaseResult>()],
            Interrupted = interrupted,
            Shard = options.Shard,
        };
    }

    /// <summary>
    /// What the cases of one run share: the server, the options, the gate on clients still starting, and per-scenario
    /// data computed once (the request body, the rules).
    /// </summary>
    internal sealed class RunContext(MockServer server, RunOptions options, SemaphoreSlim? starting)
    {
        private readonly ConcurrentDictionary<Scenario, string> _requests = new(ReferenceEqualityComparer.Instance);

        public MockServer Server => server;
        public RunOptions Options => options;
        public SemaphoreSlim? Starting => starting;
        public string RequestJson(Scenario scenario) => _requests.GetOrAdd(scenario, RequestBodies.For);
    }

    /// <summary>
    /// One case on a running server, with no gate on starting clients: allocate, run the client, wait for the journal,
    /// score. A case outside the client's capabilities is NOT RUN with the reason. Explore runs its plans through here,
    /// and Conformance.Testing its in-process cases (one case per NUnit test, the client a delegate): one scoring path
    /// for every driver.
    /// </summary>
    public Task<CaseResult> RunCaseAsync(MockServer server, ClientUnderTest client, Scenario scenario, Expectation expectation, RunOptions options, CancellationToken ct) =>
        RunCaseAsync(new RunContext(server, options, null), client, scenario, expectation, ct);

    /// <summary>One case on a running server: allocate, run the client, wait for the journal, score.</summary>
    internal async Task<CaseResult> RunCaseAsync(RunContext context, ClientUnderTest client, Scenario scenario, Expectation expectation, CancellationToken ct)
    {
        if (client.Capabilities.NotRunReason(scenario) is { } why) return NotRun(client, scenario, expectation, why);
        var (server, options) = (context.Server, context.Options);
        if (context.Starting is { } gate) await gate.WaitAsync(ct).ConfigureAwait(false);
        var wall = Stopwatch.StartNew();
        var handle = server.AllocateCase(scenario.Id);
        var invocation = new ClientInvocation
        {
            CaseId = handle.CaseId,
            BaseUrl = handle.BaseUrl.ToString().TrimEnd('/'),
            Api = scenario.Api,
            ApiKey = options.ApiKey,
            RequestJson = context.RequestJson(scenario),
            CancelAfter = scenario.Client.CancelAfter,
            IdleTimeoutMs = scenario.Client.IdleTimeoutMs,
            MaxRetries = scenario.Client.MaxRetries,
            TotalTimeoutMs = scenario.Client.TotalTimeoutMs,
            Reconnects = scenario.Client.Reconnects,
            Profile = client.Profile.Name,
        };
        ClientRun run;
        using (var started = new StartingSlot(context.Starting))
        {
            var running = client.Driver.RunAsync(invocation, options.CaseTimeout, ct);
            if (started.Held) _ = started.ReleaseOnFirstRequestAsync(server, handle.CaseId, running);
            run = await running.ConfigureAwait(false);
        }
        // The server may still be finishing an end (a FIN's linger, a hold-open) after the client is done.
        var journal = await server.CompletedJournalAsync(handle.CaseId, TimeSpan.FromSeconds(3), ct).ConfigureAwait(false)
                      ?? new CaseJournal { CaseId = handle.CaseId, ScenarioId = scenario.Id, Exchanges = [] };
        server.Journal.Release(handle.CaseId); // the result holds the journal now; the server need not keep every byte until the run ends
        var caseRules = RulesOf(scenario);
        var input = new ScoringInput
        {
            Scenario = scenario, Expectation = expectation, Observations = run.Observations, Journal = journal,
            Capabilities = client.Capabilities, CaseRules = caseRules, Lifetime = run.Lifetime,
        };
        var verdicts = Scorer.Score(input, caseRules, run.TimedOut, options.CaseTimeout.TotalMilliseconds, run.Faults, run.Stderr);
        return Result(client, scenario, expectation, journal, verdicts) with
        {
            CaseId = handle.CaseId,
            Observations = run.Observations,
            Faults = run.Faults,
            Stderr = run.Stderr,
            TimedOut = run.TimedOut,
            ExitCode = run.ExitCode,
            DurationMs = run.DurationMs,
            CommandLine = run.CommandLine,
            Attachments = KeepEvidence(run.Attachments, verdicts),
            HarnessMs = Math.Round(Math.Max(0, wall.Elapsed.TotalMilliseconds - run.DurationMs), 2),
        };
    }

    /// <summary>
    /// A place among the cases whose client is still starting: given back once the server has the case's first request
    /// (the client is up and now mostly waits on the stream) or the client run ends, whichever comes first; exactly once.
    /// </summary>
    private sealed class StartingSlot(SemaphoreSlim? gate) : IDisposable
    {
        private int _released = gate is null ? 1 : 0;

        public bool Held => Volatile.Read(ref _released) == 0;

        public async Task ReleaseOnFirstRequestAsync(MockServer server, string caseId, Task running)
        {
            // Polled (the journal has no arrival event): 2 ms is far below a client's start and costs nothing.
            while (!running.IsCompleted && Held && server.Journal.Find(caseId) is { Attempts: 0 })
                await Task.Delay(2, CancellationToken.None).ConfigureAwait(false);
            Dispose();
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate!.Release();
        }
    }

    /// <summary>A screenshot is evidence for a failing case; on a passing one it only weighs down the report.</summary>
    private static IReadOnlyDictionary<string, string> KeepEvidence(IReadOnlyDictionary<string, string> attachments, IReadOnlyList<RuleVerdict> verdicts) =>
        verdicts.Any(v => v.Verdict.IsScored() && v.Verdict != Verdict.Pass) || !attachments.ContainsKey("screenshot")
            ? attachments
            : attachments.Where(a => a.Key != "screenshot").ToDictionary(a => a.Key, a => a.Value);

    private readonly ConcurrentDictionary<Scenario, IReadOnlyList<Rule>> _rulesOf = new(ReferenceEqualityComparer.Instance);

    /// <summary>A scenario's rules, looked up once per scenario object (explore's variants are objects of their own).</summary>
    private IReadOnlyList<Rule> RulesOf(Scenario scenario) => _rulesOf.GetOrAdd(scenario, s => s.Rules.Select(id => _rules[id]).ToArray());

    private CaseResult NotRun(ClientUnderTest client, Scenario scenario, Expectation expectation, string why) =>
        Result(client, scenario, expectation, new CaseJournal { CaseId = "-", ScenarioId = scenario.Id, Exchanges = [] },
            [.. RulesOf(scenario).Select(r => new RuleVerdict { RuleId = r.Id, Verdict = Verdict.NotRun, Reason = $"not run: {why}" })]);

    /// <summary>The parts of a case result that come from the scenario and the client, not from the run.</summary>
    private static CaseResult Result(ClientUnderTest client, Scenario scenario, Expectation expectation, CaseJournal journal, IReadOnlyList<RuleVerdict> verdicts) => new()
    {
        Client = client.Info.Name,
        CaseId = journal.CaseId,
        ScenarioId = scenario.Id,
        Family = scenario.Family,
        Title = scenario.Title,
        Description = scenario.Description,
        Api = scenario.Api.Name,
        Expectation = expectation,
        Observations = [],
        DurationMs = 0,
        Journal = journal,
        Verdicts = verdicts,
    };
}
