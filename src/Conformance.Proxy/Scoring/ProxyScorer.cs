using System.Globalization;
using System.Text;
using System.Text.Json;
using Conformance.Core.Journal;
using Conformance.Core.Observations;
using Conformance.Core.Rules;
using Conformance.Core.Scoring;
using Conformance.Proxy.Cases;
using Conformance.Proxy.Probe;
using Conformance.Proxy.Rules;

namespace Conformance.Proxy.Scoring;

/// <summary>What the scorer makes of one case: the verdicts, the timeline, and the probe's arrivals as observations.</summary>
public sealed record ProxyScore(IReadOnlyList<RuleVerdict> Verdicts, IReadOnlyList<WriteArrival> Timeline, IReadOnlyList<Observation> Observations);

/// <summary>
/// Checks the proxy rules by comparing what left the proxy (the probe's record) with what entered
/// it (the mock's journal). Never throws for a misbehaving proxy: every failure is a verdict.
/// </summary>
public static class ProxyScorer
{
    /// <summary>An event must reach the client within this long of its upstream write (issue: "within 50 ms").</summary>
    public const double LagLimitMs = 50;

    /// <summary>The client's disconnect must reach the upstream within this long.</summary>
    public const double DisconnectLimitMs = 1000;

    public static ProxyScore Score(ProxyCase c, ProbeRecord probe, CaseJournal? journal)
    {
        var exchange = journal?.Exchanges.FirstOrDefault();
        if (exchange?.Response is not { } response)
        {
            var why = probe.Error is { } e ? $"the upstream saw no request through the proxy (probe: {probe.Ended}: {e})" : $"the upstream saw no request through the proxy (probe ended '{probe.Ended}', status {probe.Status?.ToString(CultureInfo.InvariantCulture) ?? "none"})";
            return new ProxyScore([.. c.Rules.Select(id => Missed(id, why))], [], [Outcome(probe, probe.SentAt)]);
        }

        var t0 = exchange.Request.At;
        var timeline = Timeline(response, probe, t0);
        var verdicts = new List<RuleVerdict>();
        foreach (var id in c.Rules)
        {
            verdicts.Add(id switch
            {
                ProxyRules.NoBuffering => NoBuffering(timeline),
                ProxyRules.ContentType => ContentType(c, probe),
                ProxyRules.CacheControl => CacheControl(probe),
                ProxyRules.NoCompression => NoCompression(probe),
                ProxyRules.BytesIdentical => BytesIdentical(Upstream(response), probe),
                ProxyRules.Disconnect => Disconnect(probe, response, t0),
                ProxyRules.StatusPassthrough => StatusPassthrough(c, probe, Upstream(response)),
                ProxyRules.ResetPropagates => ResetPropagates(probe, response),
                ProxyRules.HeartbeatKeepsAlive => Heartbeat(c, timeline, probe),
                _ => throw new InvalidOperationException($"no check for proxy rule '{id}'"),
            });
        }
        var observations = new List<Observation>();
        foreach (var w in timeline.Where(w => w.DownstreamAtMs is not null).OrderBy(w => w.DownstreamAtMs))
        {
            var data = JsonSerializer.SerializeToElement(new { @event = w.Index, bytes = w.Length, upstreamAtMs = Math.Round(w.UpstreamAtMs, 1), lagMs = w.LagMs, heartbeat = w.IsHeartbeat });
            observations.Add(new ChunkObservation(data) { AtMs = Math.Round(w.DownstreamAtMs!.Value, 1) });
        }
        observations.Add(Outcome(probe, t0));
        return new ProxyScore(verdicts, timeline, observations);
    }

    public static IReadOnlyList<WriteArrival> Timeline(JournalResponse response, ProbeRecord probe, DateTimeOffset t0) =>
        [.. response.Writes.Select((w, i) =>
        {
            var arrival = probe.ArrivalOf(w.Offset + w.Length - 1);
            var heartbeat = w.Bytes.Length > 0 && w.Bytes[0] == (byte)':';
            return new WriteArrival(i + 1, w.Offset, w.Length, w.AtMs, arrival is { } a ? (a - t0).TotalMilliseconds : null, heartbeat);
        })];

    /// <summary>How the downstream ended, as an observation on the same timeline.</summary>
    private static Observation Outcome(ProbeRecord probe, DateTimeOffset t0)
    {
        var at = Math.Round((probe.EndedAt - t0).TotalMilliseconds, 1);
        return probe.Ended switch
        {
            ProbeEnds.Clean when probe.Status is >= 400 => new ErrorObservation("http", probe.Status, Encoding.UTF8.GetString(probe.Body)) { AtMs = at },
            ProbeEnds.Clean => new EndObservation("done") { AtMs = at },
            ProbeEnds.Disconnected => new EndObservation("cancelled") { AtMs = at },
            ProbeEnds.Eof => new ErrorObservation("network", probe.Status, "the proxy closed the connection before the end of the body") { AtMs = at },
            ProbeEnds.Reset => new ErrorObservation("network", probe.Status, "connection reset: " + probe.Error) { AtMs = at },
            ProbeEnds.Timeout => new ErrorObservation("timeout", probe.Status, probe.Error) { AtMs = at },
            _ => new ErrorObservation("other", probe.Status, probe.Error) { AtMs = at },
        };
    }

    private static byte[] Upstream(JournalResponse r) => [.. r.Writes.SelectMany(w => w.Bytes)];

    private static RuleVerdict NoBuffering(IReadOnlyList<WriteArrival> timeline)
    {
        var rule = ProxyRules.Get(ProxyRules.NoBuffering);
        if (timeline.Count == 0) return Verdict(rule, false, "the upstream wrote nothing", null, null, null);
        var missing = timeline.FirstOrDefault(w => w.DownstreamAtMs is null);
        var lags = timeline.Where(w => w.LagMs is not null).Select(w => w.LagMs!.Value).ToList();
        var summary = lags.Count == 0 ? "no write arrived" : $"lag median {Median(lags):0.#} ms, max {lags.Max():0.#} ms over {lags.Count} writes";
        var evidence = string.Join("; ", timeline.Select(w => $"#{w.Index} up {w.UpstreamAtMs:0.#} → down {(w.DownstreamAtMs is { } d ? d.ToString("0.#", CultureInfo.InvariantCulture) : "never")} ms"));
        if (missing is not null)
            return Verdict(rule, false, $"write #{missing.Index} (written at {missing.UpstreamAtMs:0.#} ms) never reached the client; {summary}", $"≤ {LagLimitMs} ms", "never", evidence);
        var worst = timeline.MaxBy(w => w.LagMs)!;
        return worst.LagMs > LagLimitMs
            ? Verdict(rule, false, $"event {worst.Index} arrived {worst.LagMs:0.#} ms after its upstream write (limit {LagLimitMs} ms); {summary}", $"≤ {LagLimitMs} ms", $"{worst.LagMs:0.#} ms", evidence)
            : Verdict(rule, true, $"every write arrived within {LagLimitMs} ms of its upstream write; {summary}", $"≤ {LagLimitMs} ms", $"{worst.LagMs:0.#} ms", evidence);
    }

    private static RuleVerdict ContentType(ProxyCase c, ProbeRecord probe)
    {
        var rule = ProxyRules.Get(ProxyRules.ContentType);
        var expected = c.Plan.Headers.First(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
        var observed = probe.Header("Content-Type");
        return observed == expected
            ? Verdict(rule, true, $"Content-Type: {observed} passed through unchanged", expected, observed, null)
            : Verdict(rule, false, $"the upstream sent Content-Type: {expected}; the client got {(observed is null ? "no Content-Type" : $"Content-Type: {observed}")}", expected, observed, null);
    }

    private static RuleVerdict CacheControl(ProbeRecord probe)
    {
        var rule = ProxyRules.Get(ProxyRules.CacheControl);
        var observed = probe.Header("Cache-Control");
        return observed is not null && observed.Contains("no-cache", StringComparison.OrdinalIgnoreCase)
            ? Verdict(rule, true, $"Cache-Control: {observed} present", "no-cache", observed, null)
            : Verdict(rule, false, $"the client got {(observed is null ? "no Cache-Control header" : $"Cache-Control: {observed}")} (expected no-cache)", "no-cache", observed, null);
    }

    private static RuleVerdict NoCompression(ProbeRecord probe)
    {
        var rule = ProxyRules.Get(ProxyRules.NoCompression);
        var observed = probe.Header("Content-Encoding");
        return observed is null || observed.Equals("identity", StringComparison.OrdinalIgnoreCase)
            ? Verdict(rule, true, "no Content-Encoding added although the probe sent Accept-Encoding: gzip, br", "none", observed ?? "none", null)
            : Verdict(rule, false, $"the proxy added Content-Encoding: {observed} to the stream", "none", observed, null);
    }

    private static RuleVerdict BytesIdentical(byte[] upstream, ProbeRecord probe)
    {
        var rule = ProxyRules.Get(ProxyRules.BytesIdentical);
        var down = probe.Body;
        if (upstream.AsSpan().SequenceEqual(down))
            return Verdict(rule, true, $"{down.Length} body bytes identical after de-chunking (ended {probe.Ended})", $"{upstream.Length} bytes", $"{down.Length} bytes", null);
        var at = 0;
        while (at < upstream.Length && at < down.Length && upstream[at] == down[at]) at++;
        var why = at == down.Length
            ? $"the client got {down.Length} of {upstream.Length} bytes (ended {probe.Ended})"
            : $"bodies differ at byte {at}: upstream {Hex(upstream, at)}, client {Hex(down, at)}";
        return Verdict(rule, false, why, $"{upstream.Length} bytes", $"{down.Length} bytes", $"body bytes {at}–");
    }

    private static RuleVerdict Disconnect(ProbeRecord probe, JournalResponse response, DateTimeOffset t0)
    {
        var rule = ProxyRules.Get(ProxyRules.Disconnect);
        if (probe.DisconnectedAt is not { } left)
            return Verdict(rule, false, $"the probe never got far enough to disconnect (ended {probe.Ended}{(probe.Error is null ? "" : ": " + probe.Error)})", null, null, null);
        var leftMs = (left - t0).TotalMilliseconds;
        if (response.ClientClosedAtMs is { } closed)
        {
            var delta = closed - leftMs;
            return delta <= DisconnectLimitMs
                ? Verdict(rule, true, $"the upstream saw its connection closed {Math.Max(0, delta):0.#} ms after the client left", $"≤ {DisconnectLimitMs} ms", $"{delta:0.#} ms", $"client left at {leftMs:0.#} ms; upstream closed at {closed:0.#} ms")
                : Verdict(rule, false, $"the upstream saw its connection closed {delta:0.#} ms after the client left (limit {DisconnectLimitMs} ms)", $"≤ {DisconnectLimitMs} ms", $"{delta:0.#} ms", $"client left at {leftMs:0.#} ms; upstream closed at {closed:0.#} ms");
        }
        var after = response.Writes.Count(w => w.AtMs > leftMs);
        return Verdict(rule, false, $"the upstream connection stayed open: the response ended '{response.Ended}' at {response.EndedAtMs:0.#} ms, {after} writes after the client left at {leftMs:0.#} ms", $"closed ≤ {DisconnectLimitMs} ms after {leftMs:0.#} ms", response.Ended, null);
    }

    private static RuleVerdict StatusPassthrough(ProxyCase c, ProbeRecord probe, byte[] upstreamBody)
    {
        var rule = ProxyRules.Get(ProxyRules.StatusPassthrough);
        var problems = new List<string>();
        if (probe.Status != c.Plan.Status) problems.Add($"status {c.Plan.Status} became {probe.Status?.ToString(CultureInfo.InvariantCulture) ?? "nothing"}");
        var retryAfter = c.Plan.Headers.FirstOrDefault(h => h.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)).Value;
        if (retryAfter is not null && probe.Header("Retry-After") != retryAfter) problems.Add($"Retry-After: {retryAfter} became {probe.Header("Retry-After") ?? "absent"}");
        if (!upstreamBody.AsSpan().SequenceEqual(probe.Body)) problems.Add($"the {upstreamBody.Length}-byte error body became {probe.Body.Length} bytes: {Truncate(Encoding.UTF8.GetString(probe.Body))}");
        var expected = $"{c.Plan.Status}{(retryAfter is null ? "" : $", Retry-After: {retryAfter}")}";
        var observed = $"{probe.Status}{(probe.Header("Retry-After") is { } ra ? $", Retry-After: {ra}" : "")}";
        return problems.Count == 0
            ? Verdict(rule, true, $"{expected} and its body passed through unchanged", expected, observed, null)
            : Verdict(rule, false, string.Join("; ", problems), expected, observed, null);
    }

    private static RuleVerdict ResetPropagates(ProbeRecord probe, JournalResponse response)
    {
        var rule = ProxyRules.Get(ProxyRules.ResetPropagates);
        var upstream = $"upstream ended '{response.Ended}' after {response.Writes.Sum(w => w.Length)} bytes";
        return probe.Ended switch
        {
            ProbeEnds.Reset or ProbeEnds.Eof => Verdict(rule, true, $"the client saw the stream break ({probe.Ended}) after {probe.Body.Length} bytes; {upstream}", "error (reset or eof)", probe.Ended, null),
            ProbeEnds.Clean => Verdict(rule, false, $"the proxy ended the response cleanly (terminating chunk) although the {upstream}: the client cannot tell a truncated answer from a complete one", "error (reset or eof)", "clean", null),
            _ => Verdict(rule, false, $"the client saw '{probe.Ended}' ({probe.Error}); {upstream}", "error (reset or eof)", probe.Ended, null),
        };
    }

    private static RuleVerdict Heartbeat(ProxyCase c, IReadOnlyList<WriteArrival> timeline, ProbeRecord probe)
    {
        var rule = ProxyRules.Get(ProxyRules.HeartbeatKeepsAlive);
        // A heartbeat that reaches the client after the next one is due keeps nothing alive: the limit is one interval.
        var interval = c.Plan.Writes.Where(w => w.Bytes.Span.Length > 0 && w.Bytes.Span[0] == (byte)':').Select(w => w.DelayMs).DefaultIfEmpty(300).Max();
        var beats = timeline.Where(w => w.IsHeartbeat).ToList();
        var late = beats.FirstOrDefault(w => w.LagMs is null || w.LagMs > interval);
        if (probe.Ended != ProbeEnds.Clean)
            return Verdict(rule, false, $"the quiet stream did not end cleanly: {probe.Ended}{(probe.Error is null ? "" : " (" + probe.Error + ")")}", "clean end", probe.Ended, null);
        if (late is not null)
            return Verdict(rule, false, late.LagMs is null ? $"heartbeat #{late.Index} never reached the client" : $"heartbeat #{late.Index} reached the client {late.LagMs:0.#} ms after it was sent (one interval is {interval} ms)", $"≤ {interval} ms", late.LagMs?.ToString("0.#", CultureInfo.InvariantCulture) ?? "never", null);
        return Verdict(rule, true, $"all {beats.Count} heartbeats arrived within one interval ({interval} ms; max lag {beats.Max(b => b.LagMs):0.#} ms) and the stream ended cleanly", $"≤ {interval} ms", $"{beats.Max(b => b.LagMs):0.#} ms", null);
    }

    private static RuleVerdict Missed(string id, string why) => Verdict(ProxyRules.Get(id), false, why, null, null, null);

    private static RuleVerdict Verdict(Rule rule, bool pass, string reason, string? expected, string? observed, string? evidence) => new()
    {
        RuleId = rule.Id,
        Verdict = pass ? Core.Scoring.Verdict.Pass : rule.Level switch { RuleLevel.Must => Core.Scoring.Verdict.Fail, RuleLevel.Should => Core.Scoring.Verdict.NonStrict, _ => Core.Scoring.Verdict.Info },
        Reason = reason,
        Expected = expected,
        Observed = observed,
        Evidence = evidence,
    };

    internal static double Median(IReadOnlyList<double> values)
    {
        var s = values.Order().ToList();
        return s.Count == 0 ? 0 : s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    private static string Hex(byte[] b, int at) => at < b.Length ? $"0x{b[at]:X2}" : "end";

    private static string Truncate(string s) => s.Length <= 120 ? s : s[..120] + "…";
}
