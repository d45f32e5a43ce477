using Conformance.Core.Scoring;
using System.Diagnostics;
using System.Text;

namespace Conformance.Runner.Clients;

/// <summary>
/// Runs a client-under-test command once per case (adapter contract v1): stdin closed, CONFORMANCE_*
/// variables set, JSON Lines read from stdout as they arrive. A client still running at the timeout
/// is killed with its whole process group and reported as timed out. In <see cref="AdapterMode.Service"/>
/// (the adapter's hello offers it) one long-lived process serves one case at a time instead: a pool holds
/// one per case running at once (one per parallel slot), and a service that hung, crashed or was interrupted
/// is killed with its group and replaced (<see cref="AdapterService"/>).
/// </summary>
public sealed class ProcessClientDriver(string name, string command, string? workingDirectory = null, AdapterMode mode = AdapterMode.PerProcess)
    : IClientDriver, IAsyncDisposable
{
    private const int MaxStderrChars = 64 * 1024;

    // Idle services, ready for a case; every service started, so that StopServicesAsync reaches the busy ones too.
    private readonly System.Collections.Concurrent.ConcurrentBag<AdapterService> _idle = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<AdapterService, byte> _services = new();

    public string Name => name;

    public string Command => command;

    public AdapterMode Mode => mode;

    /// <summary>Service processes started so far (a bench and the tests read it: one per parallel slot, plus one per restart).</summary>
    public int ServicesStarted => _started;

    private int _started;

    public Task<ClientRun> RunAsync(ClientInvocation invocation, TimeSpan timeout, CancellationToken ct) =>
        mode == AdapterMode.Service ? RunInServiceAsync(invocation, timeout, ct) : RunProcessAsync(invocation, timeout, ct);

    private async Task<ClientRun> RunInServiceAsync(ClientInvocation invocation, TimeSpan timeout, CancellationToken ct)
    {
        AdapterService? service = null;
        while (_idle.TryTake(out var idle))
        {
            if (idle.Usable) { service = idle; break; }
            await RetireAsync(idle).ConfigureAwait(false);
        }
        if (service is null)
        {
            var (started, error) = AdapterService.Start(command, workingDirectory);
            if (started is null) return new ClientRun { Observations = [], Faults = [error!], DurationMs = 0, CommandLine = command };
            Interlocked.Increment(ref _started);
            _services[started] = 0;
            service = started;
        }
        try
        {
            var run = await service.RunCaseAsync(invocation, timeout, ct).ConfigureAwait(false);
            if (service.Usable) { _idle.Add(service); service = null; }
            return run;
        }
        finally
        {
            if (service is not null) await RetireAsync(service).ConfigureAwait(false);
        }
    }

    private async Task RetireAsync(AdapterService service)
    {
        _services.TryRemove(service, out _);
        await service.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Ends every service process (stdin closed, then the group killed); the next case starts a fresh one. The runner calls it after a run.</summary>
    public async Task StopServicesAsync()
    {
        while (_idle.TryTake(out _)) { }
        await Task.WhenAll(_services.Keys.ToList().Select(RetireAsync)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopServicesAsync().ConfigureAwait(false);

    private async Task<ClientRun> RunProcessAsync(ClientInvocation invocation, TimeSpan timeout, CancellationToken ct)
    {
        var psi = ProcessTree.AdapterStartInfo(command, workingDirectory);
        foreach (var (k, v) in invocation.Environment()) psi.Environment[k] = v;

        var collector = new ObservationCollector();
        var stderr = new StringBuilder();
        var clock = Stopwatch.StartNew();
        var startedAt = DateTimeOffset.UtcNow;
        DateTimeOffset? exitedAt = null;
        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new ClientRun { Observations = [], Faults = [$"could not start `{command}`: {ex.Message}"], DurationMs = 0, CommandLine = command };
        }
        process.StandardInput.Close(); // the contract: stdin closed

        var stdoutTask = PumpLinesAsync(process.StandardOutput.BaseStream, line => { lock (collector) collector.AddLine(line, clock.Elapsed.TotalMilliseconds); }, () => clock.Elapsed.TotalMilliseconds);
        var stderrTask = PumpAsync(process.StandardError, line => { lock (stderr) if (stderr.Length < MaxStderrChars) stderr.AppendLine(line); });

        var timedOut = false;
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
                exitedAt = DateTimeOffset.UtcNow;
            }
            catch (OperationCanceledException)
            {
                timedOut = !ct.IsCancellationRequested;
            }
        }
        // Always: anything the client left running in its group goes too.
        ProcessTree.KillGroup(process);
        if (!process.HasExited) await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        // Output pipes close once every holder is dead; bound the wait in case a grandchild escaped the group.
        await Task.WhenAll(stdoutTask, stderrTask).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None)
            .ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        var duration = clock.Elapsed.TotalMilliseconds;
        ct.ThrowIfCancellationRequested();

        var exitCode = timedOut ? (int?)null : process.ExitCode;
        List<string> faults;
        lock (collector)
        {
            if (stdoutTask.IsCompletedSuccessfully && stdoutTask.Result is { } tail)
                collector.AddUnterminatedLine(tail.Text, tail.Bytes, tail.StdoutBytes, tail.AtMs, killed: timedOut);
            faults = timedOut ? [.. collector.Faults] : [.. collector.FinalFaults()];
            if (exitCode is { } code and not 0) faults.Insert(0, $"adapter exited with code {code}");
        }
        string stderrText;
        lock (stderr) stderrText = stderr.ToString();
        return new ClientRun
        {
            Observations = [.. collector.Observations],
            Faults = faults,
            TimedOut = timedOut,
            ExitCode = exitCode,
            Stderr = stderrText,
            DurationMs = Math.Round(duration, 1),
            CommandLine = command,
            Lifetime = new ClientLifetime(startedAt, exitedAt),
        };
    }

    /// <summary>The bytes after stdout's last newline when it closed: a line the adapter never finished.</summary>
    internal sealed record UnterminatedLine(string Text, int Bytes, long StdoutBytes, double AtMs);

    /// <summary>
    /// Reads stdout as bytes and hands over each line (LF-terminated, an optional CR before it dropped, one leading BOM
    /// skipped) as it completes. Bytes, not a StreamReader: the diagnosis of a cut-off line needs to know whether the last
    /// line had its newline and how many bytes arrived.
    /// </summary>
    internal static async Task<UnterminatedLine?> PumpLinesAsync(Stream stdout, Action<string> onLine, Func<double> now)
    {
        var buffer = new byte[16 * 1024];
        using var line = new MemoryStream();
        long total = 0;
        long lineStart = 0;
        int read;
        while ((read = await stdout.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            var from = 0;
            int newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', from, read - from)) >= 0)
            {
                line.Write(buffer, from, newline - from);
                onLine(Decode(line, lineStart == 0, dropCr: true));
                line.SetLength(0);
                from = newline + 1;
                lineStart = total + from;
            }
            line.Write(buffer, from, read - from);
            total += read;
        }
        return line.Length == 0 ? null : new UnterminatedLine(Decode(line, lineStart == 0, dropCr: false), (int)line.Length, total, now());
    }

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private static string Decode(MemoryStream line, bool first, bool dropCr)
    {
        var bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
        if (first && bytes.StartsWith(Bom)) bytes = bytes[Bom.Length..];
        if (dropCr && bytes.EndsWith("\r"u8)) bytes = bytes[..^1];
        return Encoding.UTF8.GetString(bytes);
    }

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line) onLine(line);
    }
}
