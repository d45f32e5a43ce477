using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Conformance.Core.Wire;
using Conformance.Server.Hosting;

namespace Conformance.Bench.Benchmarks;

/// <summary>
/// 10,000 idle streams with a heartbeat comment every few seconds, held open by the mock server in a child
/// process of its own (so the client side is not counted): the child's RSS once every stream has its head and
/// a heartbeat, against bare Kestrel holding the same streams (a Task.Delay loop per stream) in another child,
/// same run. <c>-- scale [streams=10000] [heartbeatSec=2]</c>. Raises the open-file limit to what it needs when
/// the hard limit allows (each side holds one socket per stream).
/// </summary>
public sealed class ScaleBenchmark : IBenchmark
{
    public string Name => "scale";

    public string Description => "RSS of the mock holding 10,000 idle streams with heartbeats (child process) vs bare Kestrel doing the same (args: [streams=10000] [heartbeatSec=2])";

    internal static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var streams = context.IntArg(0, 10_000);
        var heartbeat = context.IntArg(1, 2);
        var o = context.Out;
        var limit = FileLimit.EnsureAtLeast(streams + 1024);
        o.WriteLine($"{streams} streams, heartbeat every {heartbeat} s; open-file limit {limit.Soft} (hard {limit.Hard}){(limit.Raised ? ", raised by the bench" : "")}; load {ServerBenchmark.Load1()}");
        var kestrel = await HoldAsync("kestrel", streams, heartbeat, o, ct);
        var mock = await HoldAsync("mock", streams, heartbeat, o, ct);
        context.Ratio("RSS with the streams open (mock vs Kestrel)", mock.Rss / 1048576.0, kestrel.Rss / 1048576.0, "MiB");
        context.Ratio("RSS per stream above the idle server", (mock.Rss - mock.IdleRss) / 1024.0 / streams, (kestrel.Rss - kestrel.IdleRss) / 1024.0 / streams, "KiB");
        o.WriteLine($"  mock: idle {mock.IdleRss / 1048576.0:0} MiB, managed heap {mock.Managed / 1048576.0:0} MiB, {mock.Heartbeats} heartbeats read; goal < 500 MiB: {(mock.Rss < 500L * 1048576 ? "met" : "NOT met")}");
        o.WriteLine($"  kestrel: idle {kestrel.IdleRss / 1048576.0:0} MiB, managed heap {kestrel.Managed / 1048576.0:0} MiB, {kestrel.Heartbeats} heartbeats read");
    }

    private sealed record Held(long IdleRss, long Rss, long Managed, long Heartbeats);

    private static async Task<Held> HoldAsync(string kind, int streams, int heartbeatSec, TextWriter o, CancellationToken ct)
    {
        var self = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (!self.EndsWith("Conformance.Bench", StringComparison.Ordinal)) psi.ArgumentList.Add(typeof(ScaleBenchmark).Assembly.Location); // dotnet Conformance.Bench.dll
        foreach (var a in new[] { "scale-server", kind, heartbeatSec.ToString() }) psi.ArgumentList.Add(a);
        using var child = Process.Start(psi)!;
        var clients = new List<RawClient>(streams);
        var readers = new List<Task>(streams);
        long heartbeats = 0;
        try
        {
            var port = int.Parse((await child.StandardOutput.ReadLineAsync(ct))!.Split(' ')[1]);
            var (idle, _) = await StatsAsync(child, ct);
            var path = kind == "mock" ? "/s/bench.idle/v1/chat/completions" : "/v1/chat/completions";
            var request = RawClient.Post(path);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var clock = Stopwatch.StartNew();
            for (var opened = 0; opened < streams; opened += 250)
            {
                var batch = await Task.WhenAll(Enumerable.Range(0, Math.Min(250, streams - opened)).Select(async _ =>
                {
                    var c = await RawClient.ConnectAsync(port, ct, 256);
                    await c.SendAsync(request, ct);
                    await c.ReadHeadAsync(ct);
                    return c;
                }));
                foreach (var c in batch)
                {
                    clients.Add(c);
                    readers.Add(c.CountAsync(Heartbeat, n => Interlocked.Add(ref heartbeats, n), stop.Token));
                }
            }
            var opening = clock.Elapsed;
            // Two heartbeat rounds with every stream open, so each side has done its periodic work at least twice.
            await Task.Delay(TimeSpan.FromSeconds(heartbeatSec * 2 + 1), ct);
            var (rss, managed) = await StatsAsync(child, ct);
            o.WriteLine($"  {kind}: {streams} streams open in {opening.TotalSeconds:0.0} s; RSS {rss / 1048576.0:0} MiB");
            await stop.CancelAsync();
            return new Held(idle, rss, managed, Interlocked.Read(ref heartbeats));
        }
        finally
        {
            // The server goes first: its FINs make the clients the passive closers, so no client port is left in TIME_WAIT.
            try { await child.StandardInput.WriteLineAsync("quit"); await child.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct); }
            catch (Exception) { child.Kill(entireProcessTree: true); }
            foreach (var c in clients) c.Dispose();
            try { await Task.WhenAll(readers); } catch (Exception) { }
        }
    }

    private static async Task<(long Rss, long Managed)> StatsAsync(Process child, CancellationToken ct)
    {
        await child.StandardInput.WriteLineAsync("stats");
        var parts = (await child.StandardOutput.ReadLineAsync(ct))!.Split(' ');
        return (long.Parse(parts[1]), long.Parse(parts[2]));
    }

    /// <summary>The child: serves idle streams until told to quit; answers "stats" with its RSS and managed heap.</summary>
    internal static async Task<int> ServeAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        var heartbeatMs = int.Parse(args[1]) * 1000;
        var beats = Enumerable.Repeat(Heartbeat, 10_000).ToArray(); // hours of heartbeats: the stream stays idle-but-alive
        IAsyncDisposable server;
        int port;
        if (args[0] == "mock")
        {
            var plan = new ResponsePlan
            {
                Status = 200,
                Headers = [new("Content-Type", "text/event-stream"), new("Cache-Control", "no-cache")],
                Writes = [.. beats.Select(b => new PlannedWrite(b, heartbeatMs))],
                Ending = ResponseEnding.Clean,
            };
            var mock = MockServer.Start(new MockServerOptions(), new PlanSource(("bench.idle", plan)));
            (server, port) = (mock, mock.Port);
        }
        else
        {
            var kestrel = await BareKestrel.StartAsync(beats, ct, heartbeatMs);
            (server, port) = (kestrel, kestrel.Port);
        }
        await using (server)
        {
            Console.WriteLine($"port {port}");
            while (await Console.In.ReadLineAsync(ct) is { } line && line != "quit")
            {
                using var self = Process.GetCurrentProcess();
                if (line == "stats") Console.WriteLine($"stats {self.WorkingSet64} {GC.GetTotalMemory(false)}");
            }
        }
        return 0;
    }
}

/// <summary>RLIMIT_NOFILE, raised (soft up to hard) when a benchmark needs more sockets than the soft limit allows.</summary>
internal static class FileLimit
{
    public static (long Soft, long Hard, bool Raised) EnsureAtLeast(long needed)
    {
        if (!OperatingSystem.IsLinux()) return (-1, -1, false);
        var r = new Rlimit();
        if (getrlimit(RLIMIT_NOFILE, ref r) != 0) return (-1, -1, false);
        if ((long)r.Cur >= needed) return ((long)r.Cur, (long)r.Max, false);
        var want = new Rlimit { Cur = Math.Min((ulong)needed, r.Max), Max = r.Max };
        if (setrlimit(RLIMIT_NOFILE, ref want) != 0) return ((long)r.Cur, (long)r.Max, false);
        return ((long)want.Cur, (long)want.Max, true);
    }

    private const int RLIMIT_NOFILE = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct Rlimit { public ulong Cur; public ulong Max; }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, ref Rlimit rlim);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, ref Rlimit rlim);
}
