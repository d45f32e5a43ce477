using System.Diagnostics;
using Conformance.Server.Hosting;

namespace Conformance.Bench.Benchmarks;

/// <summary>
/// Scripted gaps as a client sees them: 64 streams of events 10 ms apart, each read timestamped by a raw
/// socket client; the deviation of every gap between consecutive events from 10 ms (p50, p99, max) and each
/// stream's drift over its whole length. Baseline in the same run: bare Kestrel pausing with a chained
/// <c>Task.Delay(10)</c> before each event (the naive loop). <c>-- timing [streams=64] [events=200] [gapMs=10]</c>.
/// </summary>
public sealed class TimingBenchmark : IBenchmark
{
    public string Name => "timing";

    public string Description => "10 ms scripted gaps at the client, 64 streams: mock deadlines vs a naive Task.Delay loop (args: [streams=64] [events=200] [gapMs=10])";

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var streams = context.IntArg(0, 64);
        var events = OpenAiChunks.Events(context.IntArg(1, 200) - 1); // + [DONE]
        var gap = context.IntArg(2, 10);
        await using var mock = MockServer.Start(new MockServerOptions { MaxCases = 256 }, new PlanSource(("bench.timing", OpenAiChunks.Plan(events, gap))));
        await using var naive = await BareKestrel.StartAsync(events, ct, gap);
        var mockRequest = RawClient.Post("/s/bench.timing/v1/chat/completions");
        var naiveRequest = RawClient.Post("/v1/chat/completions");

        // Warm-up (JIT, the scheduler thread, Kestrel's pools), then each side alone.
        await Measure(naive.Port, naiveRequest, 4, events.Length, gap, ct);
        await Measure(mock.Port, mockRequest, 4, events.Length, gap, ct);
        var before = Load1();
        var b = await Measure(naive.Port, naiveRequest, streams, events.Length, gap, ct);
        var m = await Measure(mock.Port, mockRequest, streams, events.Length, gap, ct);

        var o = context.Out;
        o.WriteLine($"{streams} streams x {events.Length} events, {gap} ms apart; deviation of each gap from {gap} ms at the client; load {before} before, {Load1()} after");
        context.Ratio("gap deviation p50", m.P50, b.P50, "ms", "0.000");
        context.Ratio("gap deviation p99", m.P99, b.P99, "ms", "0.000");
        context.Ratio("gap deviation max", m.Max, b.Max, "ms", "0.000");
        context.Ratio("stream drift (last event vs schedule), median", m.DriftMedian, b.DriftMedian, "ms", "0.0");
        context.Ratio("stream drift, max", m.DriftMax, b.DriftMax, "ms", "0.0");
        o.WriteLine($"  events that arrived in the same read as the one before (coalesced): mock {m.Coalesced}, baseline {b.Coalesced}");
    }

    private sealed record Result(double P50, double P99, double Max, double DriftMedian, double DriftMax, int Coalesced);

    private static async Task<Result> Measure(int port, byte[] request, int streams, int eventsPerStream, int gapMs, CancellationToken ct)
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, streams).Select(_ => RawClient.ConnectAsync(port, ct, 16 * 1024)));
        try
        {
            var arrivals = await Task.WhenAll(clients.Select(async c =>
            {
                var times = new List<long>(eventsPerStream);
                var lastByte = (byte)0;
                await c.SendAsync(request, ct);
                await c.ReadResponseAsync(ct, (ts, bytes) =>
                {
                    // An event ends with "\n\n" (chunk framing only adds CRLFs): one arrival per event end in this read.
                    var span = bytes.Span;
                    for (var i = 0; i < span.Length; i++)
                    {
                        if (span[i] == (byte)'\n' && (i > 0 ? span[i - 1] : lastByte) == (byte)'\n') times.Add(ts);
                    }
                    lastByte = span[^1];
                });
                return times;
            }));
            var tick = 1000.0 / Stopwatch.Frequency;
            var deviations = new List<double>();
            var drifts = new List<double>();
            var coalesced = 0;
            foreach (var t in arrivals)
            {
                for (var k = 1; k < t.Count; k++)
                {
                    var gap = (t[k] - t[k - 1]) * tick;
                    deviations.Add(Math.Abs(gap - gapMs));
                    if (t[k] == t[k - 1]) coalesced++;
                }
                if (t.Count > 1) drifts.Add((t[^1] - t[0]) * tick - (t.Count - 1) * gapMs);
            }
            return new Result(Stats.Median(deviations), Stats.Percentile(deviations, 99), deviations.DefaultIfEmpty(double.NaN).Max(),
                Stats.Median(drifts), drifts.DefaultIfEmpty(double.NaN).Max(), coalesced);
        }
        finally
        {
            foreach (var c in clients) c.Dispose();
        }
    }

    private static string Load1() => ServerBenchmark.Load1();
}
