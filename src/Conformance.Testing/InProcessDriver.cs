using System.Diagnostics;
using Conformance.Core.Scoring;
using Conformance.Runner.Clients;

namespace Conformance.Testing;

/// <summary>
/// A client driver for one case whose client is a delegate in the test's own process. It mirrors ProcessClientDriver:
/// the body gets the case (the adapter's environment) and a sink (the adapter's stdout), the contract's faults are
/// collected the same way, and a body still running at the case timeout is TIMEOUT (its token is cancelled; a body that
/// ignores it is abandoned after a grace period, as a process would be killed).
/// </summary>
internal sealed class InProcessDriver(string name, string scenarioId, ClientBody body) : IClientDriver
{
    /// <summary>How long a body may take to notice its cancelled token before it is abandoned.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    public string Name => name;

    public async Task<ClientRun> RunAsync(ClientInvocation invocation, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var sink = new ObservationSink(clock);
        var context = new CaseContext(invocation, scenarioId);
        var startedAt = DateTimeOffset.UtcNow;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);

        // Off the caller's thread: a body that blocks synchronously must not block the timeout.
        var run = Task.Run(() => body(context, sink, limit.Token), CancellationToken.None);
        Exception? thrown = null;
        var abandoned = false;
        try
        {
            await run.WaitAsync(timeout + Grace, ct).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!run.IsCompleted) { abandoned = true; }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
        catch (Exception ex) { thrown = ex; }

        var timedOut = abandoned || (limit.IsCancellationRequested && !ct.IsCancellationRequested);
        var faults = new List<string>(sink.Faults(finished: !timedOut));
        var stderr = "";
        if (thrown is not null && !timedOut)
        {
            faults.Insert(0, $"the client body threw {thrown.GetType().Name}: {thrown.Message} (a client's own failure is an observation: report it with sink.Error)");
            stderr = thrown.ToString();
        }
        return new ClientRun
        {
            Observations = sink.Observations,
            Faults = faults,
            TimedOut = timedOut,
            Stderr = stderr,
            DurationMs = Math.Round(clock.Elapsed.TotalMilliseconds, 1),
            CommandLine = $"in-process: {name}",
            // An in-process client never exits during the case: no exit closes its sockets, so every close the server
            // sees is the client's own doing (CancelCheck needs no linger to tell).
            Lifetime = new ClientLifetime(startedAt, null),
        };
    }
}
