using System.Diagnostics;
using Conformance.Server.Streaming;

namespace Conformance.Tests.Server;

/// <summary>The scheduler's contract: never early, in deadline order, cancellable. (How late it is, is the timing benchmark's business.)</summary>
[TestFixture]
public sealed class DeadlineSchedulerTests
{
    private static long In(double ms) => Stopwatch.GetTimestamp() + (long)(ms * Stopwatch.Frequency / 1000);

    [Test]
    public async Task WaitUntil_NeverCompletesBeforeItsDeadline()
    {
        for (var i = 0; i < 20; i++)
        {
            var due = In(3 + i % 4);
            await DeadlineScheduler.Shared.WaitUntilAsync(due, CancellationToken.None);
            Assert.That(Stopwatch.GetTimestamp(), Is.GreaterThanOrEqualTo(due));
        }
    }

    [Test]
    public async Task WaitUntil_LaterRegisteredEarlierDeadline_CompletesFirst()
    {
        var order = new List<int>();
        var late = DeadlineScheduler.Shared.WaitUntilAsync(In(80), CancellationToken.None).ContinueWith(_ => { lock (order) order.Add(2); });
        var early = DeadlineScheduler.Shared.WaitUntilAsync(In(20), CancellationToken.None).ContinueWith(_ => { lock (order) order.Add(1); });
        await Task.WhenAll(late, early);
        Assert.That(order, Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public void WaitUntil_PastDeadline_IsAlreadyComplete()
    {
        Assert.That(DeadlineScheduler.Shared.WaitUntilAsync(Stopwatch.GetTimestamp() - 1, CancellationToken.None).IsCompletedSuccessfully, Is.True);
    }

    [Test]
    public void WaitUntil_Cancelled_EndsCancelledBeforeTheDeadline()
    {
        using var cts = new CancellationTokenSource();
        var wait = DeadlineScheduler.Shared.WaitUntilAsync(In(60_000), cts.Token);
        cts.Cancel();
        Assert.That(async () => await wait, Throws.InstanceOf<OperationCanceledException>());
    }
}
