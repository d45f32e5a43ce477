using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Conformance.Core.Journal;
using Conformance.Core.Observations;
using Conformance.Core.Results;
using Conformance.Core.Scoring;
using Conformance.Proxy.Cases;
using Conformance.Proxy.Launching;
using Conformance.Proxy.Probe;
using Conformance.Proxy.Rules;
using Conformance.Proxy.Scoring;
using Conformance.Server.Hosting;

namespace Conformance.Proxy;

/// <summary>Starts a proxy against this upstream port and returns it, listening.</summary>
public delegate Task<IProxyUnderTest> ProxyLauncher(int upstreamPort, CancellationToken ct);

/// <summary>
/// Runs every proxy case through one proxy: the mock plays the upstream, the probe the client, and
/// each case is scored from the probe's record against the mock's journal.
/// </summary>
public sealed class ProxyRunner(TimeProvider time)
{
    public ProxyRunner() : this(TimeProvider.System) { }

    public IReadOnlyList<ProxyCase> Cases { get; init; } = ProxyCases.All;

    /// <summary>Starts the mock (on <paramref name="upstreamPort"/>, 0 = free), launches the proxy against it, runs the cases and stops both.</summary>
    public async Task<RunResult> RunAsync(ProxyLauncher launch, int upstreamPort, CancellationToken ct)
    {
        await using var mock = MockServer.Start(new MockServerOptions { Port = upstreamPort, Time = time, StallLimit = TimeSpan.FromSeconds(10) }, new ProxyScenarioSource(Cases));
        await using var proxy = await launch(mock.Port, ct).ConfigureAwait(false);
        return await RunAsync(mock, proxy, ct).ConfigureAwait(false);
    }

    /// <summary>Runs the cases through a proxy already forwarding to <paramref name="mock"/> (which must serve <see cref="ProxyScenarioSource"/> of <see cref="Cases"/>).</summary>
    public async Task<RunResult> RunAsync(MockServer mock, IProxyUnderTest proxy, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        var sw = Stopwatch.StartNew();
        var probe = new ProbeClient(time);
        var results = new List<CaseResult>();
        foreach (var c in Cases)
        {
            var best = await RunCaseAsync(mock, proxy, probe, c, ct).ConfigureAwait(false);
            var runs = new List<CaseRun> { best };
            // Timing rules are re-measured: a buffering proxy holds events on every run, a scheduling
            // spike on a loaded 2-core CI machine does not repeat. The verdict is the best run's, and its
            // reason lists every attempt's verdict and measured max lag (docs/proxy-mode.md).
            while (runs.Count < TimingAttempts && TimingFailures(best) > 0)
            {
                var next = await RunCaseAsync(mock, proxy, probe, c, ct).ConfigureAwait(false);
                runs.Add(next);
                if (TimingFailures(next) < TimingFailures(best)) best = next;
            }
            results.Add(runs.Count == 1 ? best.Result : Annotate(best, runs));
        }
        return new RunResult
        {
            StartedAt = started,
            DurationMs = Math.Round(sw.Elapsed.TotalMilliseconds, 1),
            Clients = [new ClientInfo(proxy.Name, "proxy:" + proxy.Kind, proxy.Description, "proxy")],
            Rules = ProxyRules.All,
            Cases = results,
        };
    }

    /// <summary>How often a case whose timing rules failed is run (the best run counts). 1 = strict: no re-measuring.</summary>
    public int TimingAttempts { get; init; } = DefaultTimingAttempts;

    public const int DefaultTimingAttempts = 3;

    private static readonly HashSet<string> TimingRules = [ProxyRules.NoBuffering, ProxyRules.HeartbeatKeepsAlive, ProxyRules.Disconnect];

    /// <param name="MaxLagMs">The largest upstream-write → downstream-arrival lag of the attempt; null when a write never arrived (or none was made).</param>
    private sealed record CaseRun(CaseResult Result, double? MaxLagMs, int Missing);

    private static int TimingFailures(CaseRun run) =>
        run.Result.Verdicts.Count(v => TimingRules.Contains(v.RuleId) && v.Verdict is Verdict.Fail or Verdict.NonStrict);

    private static CaseResult Annotate(CaseRun best, List<CaseRun> runs)
    {
        var index = runs.IndexOf(best) + 1;
        var verdicts = best.Result.Verdicts.Select(v => TimingRules.Contains(v.RuleId)
            ? v with { Reason = $"{v.Reason} [counted: attempt {index} of {runs.Count} (a timing failure is re-measured, best attempt counts; --timing-attempts 1 is strict): "
                + string.Join("; ", runs.Select((r, i) => $"attempt {i + 1}: {r.Result.Verdicts.First(x => x.RuleId == v.RuleId).Verdict.Label()}, {Lag(r)}")) + "]" }
            : v).ToList();
        return best.Result with { Verdicts = verdicts };
    }

    private static string Lag(CaseRun r) =>
        r.MaxLagMs is { } max ? $"max lag {max.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} ms{(r.Missing > 0 ? $", {r.Missing} writes never arrived" : "")}"
        : r.Missing > 0 ? $"{r.Missing} writes never arrived" : "no writes";

    private async Task<CaseRun> RunCaseAsync(MockServer mock, IProxyUnderTest proxy, ProbeClient probe, ProxyCase c, CancellationToken ct)
    {
        var caseSw = Stopwatch.StartNew();
        var handle = mock.AllocateCase(c.Id);
        var path = handle.BaseUrl.AbsolutePath.TrimEnd('/') + "/chat/completions";
        var record = await probe.SendAsync(proxy.Url, path, c.DisconnectAfterEvents, c.Timeout, ct).ConfigureAwait(false);
        // The upstream may still be writing (a proxy that ignores the disconnect lets the stream run to its end).
        var journal = await mock.CompletedJournalAsync(handle.CaseId, TimeSpan.FromSeconds(8), ct).ConfigureAwait(false);
        var score = ProxyScorer.Score(c, record, journal);
        var lags = score.Timeline.Select(w => w.LagMs).OfType<double>().ToList();
        return new CaseRun(new CaseResult
        {
            Client = proxy.Name,
            CaseId = handle.CaseId,
            ScenarioId = c.Id,
            Family = c.Family,
            Title = c.Title,
            Description = c.Description,
            Api = "openai-chat",
            Expectation = ExpectationOf(c),
            Observations = score.Observations,
            Faults = record.Error is { } e && record.Ended is ProbeEnds.Error or ProbeEnds.Timeout ? [e] : [],
            TimedOut = record.Ended == ProbeEnds.Timeout,
            DurationMs = Math.Round(caseSw.Elapsed.TotalMilliseconds, 1),
            CommandLine = proxy.Description,
            Journal = journal ?? new CaseJournal { CaseId = handle.CaseId, ScenarioId = c.Id, Exchanges = [] },
            Verdicts = score.Verdicts,
            Attachments = new Dictionary<string, string>
            {
                ["timeline"] = TimelineText(score.Timeline, record, journal),
                ["probe-reads"] = JsonSerializer.Serialize(record.Reads.Select(r => new { atMs = Math.Round((r.At - (journal?.Exchanges.FirstOrDefault()?.Request.At ?? record.SentAt)).TotalMilliseconds, 1), bytes = r.Bytes })),
            },
        }, lags.Count == 0 ? null : lags.Max(), score.Timeline.Count(w => w.DownstreamAtMs is null));
    }

    private static Expectation ExpectationOf(ProxyCase c)
    {
        var body = c.Plan.Body();
        var outcome = c.Plan.Status >= 400
            ? new ExpectedOutcome("error", ["http"], c.Plan.Status, $"the upstream answers {c.Plan.Status}; the proxy passes it through")
            : c.DisconnectAfterEvents is { } n
                ? new ExpectedOutcome("cancelled", [], null, $"the probe disconnects after {n} events")
                : c.Plan.Ending.Kind == Core.Wire.EndKind.Reset
                    ? new ExpectedOutcome("error", ["network"], null, "the upstream resets mid-stream; the client must see a broken stream")
                    : new ExpectedOutcome("done", [], null, "the stream ends cleanly upstream");
        return new Expectation
        {
            Profile = "proxy",
            Outcome = outcome,
            Chunks = [],
            // For a proxy, the "text" is the upstream body itself: what must leave the proxy byte for byte.
            Text = Encoding.UTF8.GetString(body),
            Attempts = 1,
        };
    }

    /// <summary>Upstream write times against downstream arrival times, one line per write: buffering is visible at a glance.</summary>
    internal static string TimelineText(IReadOnlyList<WriteArrival> timeline, ProbeRecord probe, CaseJournal? journal)
    {
        var sb = new StringBuilder();
        var t0 = journal?.Exchanges.FirstOrDefault()?.Request.At;
        sb.AppendLine("write   bytes   upstream ms   downstream ms   lag ms");
        foreach (var w in timeline)
            sb.AppendLine($"#{w.Index,-5} {w.Length,6} {w.UpstreamAtMs,12:0.0} {(w.DownstreamAtMs is { } d ? d.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "never"),15} {(w.LagMs is { } l ? l.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "-"),8}{(w.IsHeartbeat ? "  (heartbeat)" : "")}");
        if (t0 is { } t) sb.AppendLine($"downstream ended '{probe.Ended}' at {(probe.EndedAt - t).TotalMilliseconds:0.0} ms; upstream ended '{journal!.Exchanges[0].Response?.Ended}'");
        return sb.ToString();
    }
}
