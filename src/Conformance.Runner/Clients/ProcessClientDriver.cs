using Conformance.Core.Scoring;
using System.Diagnostics;
using System.Text;

namespace Conformance.Runner.Clients;

/// <summary>
/// Runs a client-under-test command once per case (adapter contract v1): stdin closed, CONFORMANCE_*
/// variables set, JSON Lines read from stdout as they arrive. A client still running at the timeout
/// is killed with its whole process group and reported as timed out.
/// </summary>
public sealed class ProcessClientDriver(string name, string command, string? workingDirectory = null) : IClientDriver
{
    private const int MaxStderrChars = 64 * 1024;

    public string Name => name;

    public string Command => command;

    public async Task<ClientRun> RunAsync(ClientInvocation invocation, TimeSpan timeout, CancellationToken ct)
    {
        var psi = ProcessTree.ShellCommand(command);
        psi.RedirectStandardInput = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        psi.StandardOutputEncoding = Encoding.UTF8;
        psi.StandardErrorEncoding = Encoding.UTF8;
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
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

        var stdoutTask = PumpAsync(process.StandardOutput, line => { lock (collector) collector.AddLine(line, clock.Elapsed.TotalMilliseconds); });
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

    private static async Task PumpAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line) onLine(line);
    }
}
