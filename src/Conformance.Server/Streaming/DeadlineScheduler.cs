using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Conformance.Server.Streaming;

/// <summary>
/// Wakes writers at absolute deadlines (Stopwatch timestamps) with sub-millisecond precision. Task.Delay rides
/// the runtime's timer queue (about 1 ms granularity, then a thread-pool hop), and chaining one per gap adds
/// each step's lateness to the next: a scripted 10 ms gap came out 1.7 ms late at the median and 31 ms at
/// worst (issue 14). One dedicated thread keeps the deadlines in a heap: it blocks on a monitor until about
/// 2 ms before the next one, sleeps in short nanosleeps (Linux, timer slack lowered to 1 µs) to about 60 µs
/// before it, and spins the rest. Due waiters continue on the thread pool, never on this thread: running the
/// sends here (no hop) was tried and measured worse on a loaded machine (one thread sending for every stream:
/// p99 10 ms against 4-6 ms, and writes of a stream coalescing when it was preempted).
/// </summary>
public sealed class DeadlineScheduler
{
    /// <summary>The process-wide scheduler (one thread however many servers run).</summary>
    public static DeadlineScheduler Shared { get; } = new();

    private static readonly long CoarseMargin = Stopwatch.Frequency * 2 / 1000;   // block on the monitor until 2 ms before
    private static readonly long SpinMargin = Stopwatch.Frequency * 60 / 1_000_000; // spin the last 60 µs
    private static readonly long SleepSlice = Stopwatch.Frequency * 250 / 1_000_000; // nanosleep at most 250 µs, then look again

    private readonly object _gate = new();
    private readonly PriorityQueue<Waiter, long> _heap = new();
    private readonly List<Waiter> _due = [];
    private Thread? _thread;

    /// <summary>Completes at <paramref name="deadline"/> (a <see cref="Stopwatch.GetTimestamp"/> value), or cancels.</summary>
    public Task WaitUntilAsync(long deadline, CancellationToken ct)
    {
        if (ct.IsCancellationRequested) return Task.FromCanceled(ct);
        if (Stopwatch.GetTimestamp() >= deadline) return Task.CompletedTask;
        var waiter = new Waiter();
        if (ct.CanBeCanceled) waiter.Registration = ct.UnsafeRegister(static (w, t) => ((Waiter)w!).TrySetCanceled(t), waiter);
        lock (_gate)
        {
            _heap.Enqueue(waiter, deadline);
            if (_thread is null)
            {
                _thread = new Thread(Run) { IsBackground = true, Name = "conformance-deadlines", Priority = ThreadPriority.AboveNormal };
                _thread.Start();
            }
            else if (_heap.TryPeek(out _, out var first) && first == deadline) Monitor.Pulse(_gate); // a new earliest deadline
        }
        return waiter.Task;
    }

    private void Run()
    {
        LowerTimerSlack();
        while (true)
        {
            long next;
            lock (_gate)
            {
                while (!_heap.TryPeek(out _, out next)) Monitor.Wait(_gate);
                var remaining = next - Stopwatch.GetTimestamp();
                if (remaining > CoarseMargin)
                {
                    // Capped: Monitor.Wait takes at most int.MaxValue ms, and a new earliest deadline pulses anyway.
                    var ticks = Math.Clamp((double)(remaining - CoarseMargin) * TimeSpan.TicksPerSecond / Stopwatch.Frequency, 1, TimeSpan.TicksPerHour);
                    Monitor.Wait(_gate, TimeSpan.FromTicks((long)ticks));
                    continue;
                }
            }
            // Within 2 ms of the next deadline: approach it without the monitor's millisecond granularity.
            while (true)
            {
                var remaining = next - Stopwatch.GetTimestamp();
                if (remaining <= 0) break;
                if (remaining > SpinMargin) NanoSleep(Math.Min(remaining - SpinMargin, SleepSlice));
                else Thread.SpinWait(20);
                lock (_gate) if (_heap.TryPeek(out _, out var first) && first < next) next = first; // an earlier one came in
            }
            lock (_gate)
            {
                var now = Stopwatch.GetTimestamp();
                while (_heap.TryPeek(out _, out var at) && at <= now) _due.Add(_heap.Dequeue());
            }
            foreach (var w in _due) w.Fire();
            _due.Clear();
        }
    }

    private static void NanoSleep(long ticks)
    {
        if (OperatingSystem.IsLinux())
        {
            var ns = ticks * 1_000_000_000 / Stopwatch.Frequency;
            var ts = new Timespec { Seconds = ns / 1_000_000_000, Nanoseconds = ns % 1_000_000_000 };
            _ = nanosleep(ref ts, IntPtr.Zero);
        }
        else Thread.Yield(); // elsewhere: yield-spin the last 2 ms
    }

    private static void LowerTimerSlack()
    {
        // Linux stretches a normal thread's sleeps by up to 50 µs (timer slack) to batch wake-ups; 1 µs here.
        if (OperatingSystem.IsLinux()) try { _ = prctl(PR_SET_TIMERSLACK, 1000, 0, 0, 0); } catch (DllNotFoundException) { } catch (EntryPointNotFoundException) { }
    }

    private const int PR_SET_TIMERSLACK = 29;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", SetLastError = true)]
    private static extern int nanosleep(ref Timespec req, IntPtr rem);

    [DllImport("libc", SetLastError = true)]
    private static extern int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    private sealed class Waiter() : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public CancellationTokenRegistration Registration;

        public void Fire()
        {
            Registration.Dispose();
            TrySetResult();
        }
    }
}
