using System.Globalization;
using Conformance.Core.Scoring;
using static Conformance.Lint.Checks.LintVerdicts;
using R = Conformance.Lint.Rules.ServerRules;

namespace Conformance.Lint.Checks;

/// <summary>
/// server.flush.per-event, judged from read timing alone (the client cannot see when the server produced an event).
/// A buffering server or gateway shows as silence, then (nearly) the whole stream at once: FAIL when at least
/// <see cref="BurstShare"/> of at least <see cref="MinEvents"/> data events arrive in one burst (consecutive arrivals
/// less than <see cref="BurstGapMs"/> apart: one read, or reads back to back) after at least <see cref="SilenceMs"/> of
/// silence. A stream that arrived whole within <see cref="SilenceMs"/> of its head is too fast to tell: SKIPPED. The
/// numbers are in every reason, so a maintainer can check the claim against the timeline.
/// </summary>
public static class FlushCheck
{
    public const int MinEvents = 4;
    public const double BurstShare = 0.9;
    public const double BurstGapMs = 1.0;
    public const double SilenceMs = 200;

    public static string Threshold => string.Create(CultureInfo.InvariantCulture,
        $"threshold: ≥{BurstShare * 100:0}% of ≥{MinEvents} events in one burst (arrivals <{BurstGapMs:0.#} ms apart) after ≥{SilenceMs:0} ms of silence");

    public static RuleVerdict Check(StreamFacts f)
    {
        if (f.Encoding is not null) return Skip(R.Flush, $"the body is compressed (Content-Encoding: {f.Encoding}): event arrival times cannot be read from compressed bytes");
        var events = f.Scan.DataEvents.Select(e => (Event: e, At: f.ArrivalOf(e))).Where(x => x.At is not null).Select(x => (x.Event, At: x.At!.Value)).ToList();
        if (events.Count < MinEvents) return Skip(R.Flush, $"only {events.Count} data event(s): too few to tell buffering from a short answer ({Threshold})");

        var head = f.Capture.HeadAtMs ?? 0;
        var bursts = new List<(int First, int Count, double Silence)>();
        for (var i = 0; i < events.Count; i++)
        {
            if (i > 0 && events[i].At - events[i - 1].At < BurstGapMs) { var b = bursts[^1]; bursts[^1] = (b.First, b.Count + 1, b.Silence); continue; }
            // Silence before a burst: since the previous event, or since the head when it came earlier, or since the send.
            var before = i > 0 ? events[i - 1].At : head < events[i].At - BurstGapMs ? head : 0;
            bursts.Add((i, 1, events[i].At - before));
        }
        var largest = bursts.MaxBy(b => b.Count);
        var first = events[largest.First].At;
        var last = events[largest.First + largest.Count - 1].At;
        var span = events[^1].At - Math.Min(head, events[0].At);
        var reads = f.Capture.Reads.Count(r => r.AtMs >= first && r.AtMs <= last);
        var summary = string.Create(CultureInfo.InvariantCulture, $"{events.Count} data events in {bursts.Count} burst(s) over {span:0.#} ms after the head; the largest burst held {largest.Count} ({reads} read(s))");
        var evidence = string.Join("; ", events.Take(40).Select((e, i) => string.Create(CultureInfo.InvariantCulture, $"#{i + 1} @{e.At:0.#} ms")));
        if (largest.Count >= MinEvents && largest.Count >= BurstShare * events.Count && largest.Silence >= SilenceMs)
            return Miss(R.Flush, string.Create(CultureInfo.InvariantCulture,
                    $"{largest.Count} of {events.Count} data events (bytes {events[largest.First].Event.Start}–{events[largest.First + largest.Count - 1].Event.End - 1}) arrived within {last - first:0.#} ms of each other ({reads} read(s)) at {first:0.#} ms, after {largest.Silence:0.#} ms of silence: the server or a gateway held them back instead of flushing each event ({Threshold})"),
                $"events spread as produced", string.Create(CultureInfo.InvariantCulture, $"{largest.Count}/{events.Count} events in one burst after {largest.Silence:0} ms"), evidence);
        if (span < SilenceMs)
            return Skip(R.Flush, string.Create(CultureInfo.InvariantCulture, $"the whole stream arrived within {span:0.#} ms of the head: too fast to tell a buffering server from a fast one ({Threshold})"));
        return Pass(R.Flush, $"{summary}; no burst of most events after a long silence ({Threshold})", evidence);
    }
}
