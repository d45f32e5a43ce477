using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Conformance.Core.Scoring;

namespace Conformance.Runner.Clients;

/// <summary>
/// One service-mode adapter process (docs/adapter-protocol.md, "Service mode"): started with
/// <c>CONFORMANCE_SERVICE=1</c>, it reads one <c>case</c> request line per case on stdin and answers with the case's
/// observation lines and a <c>case-end</c> line. It serves one case at a time, so everything it prints while a case
/// runs (stdout and stderr) belongs to that case; a timeout or a cancelled run kills its process group, and a service
/// that died is never reused.
/// </summary>
internal sealed class AdapterService : IAsyncDisposable
{
    private const int MaxStderrChars = 64 * 1024;
    private const string BetweenCases = "[between cases] ";

    private readonly Process _process;
    private readonly string _command;
    private readonly Task<ProcessClientDriver.UnterminatedLine?> _stdout;
    private readonly Task _stderrPump;
    private readonly Task _exited;
    private readonly Lock _gate = new();
    private readonly StringBuilder _pendingStderr = new();
    private readonly List<string> _strayLines = [];
    private CaseState? _current;
    private bool _broken;
    private int _disposed;

    private sealed class CaseState(string caseId)
    {
        public string CaseId { get; } = caseId;
        public ObservationCollector Collector { get; } = new();
        public Stopwatch Clock { get; } = new();
        public StringBuilder Stderr { get; } = new();
        public TaskCompletionSource<DateTimeOffset> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<string> Faults { get; } = [];
    }

    private AdapterService(Process process, string command)
    {
        _process = process;
        _command = command;
        _stdout = ProcessClientDriver.PumpLinesAsync(process.StandardOutput.BaseStream, OnLine, () => _current?.Clock.Elapsed.TotalMilliseconds ?? 0);
        _stderrPump = PumpStderrAsync(process.StandardError);
        _exited = process.WaitForExitAsync(CancellationToken.None);
    }

    /// <summary>Still able to take a case: alive, and no case left it in an unknown state.</summary>
    public bool Usable => !_broken && !_exited.IsCompleted;

    public int ProcessId => _process.Id;

    /// <summary>Starts the service, or returns the reason it could not be started.</summary>
    public static (AdapterService? Service, string? Error) Start(string command, string? workingDirectory)
    {
        var psi = ProcessTree.AdapterStartInfo(command, workingDirectory);
        psi.Environment[AdapterModes.EnvironmentVariable] = "1";
        var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            process.Dispose();
            return (null, $"could not start `{command}`: {ex.Message}");
        }
        process.StandardInput.AutoFlush = false;
        return (new AdapterService(process, command), null);
    }

    /// <summary>Runs one case: request line in, observations until <c>case-end</c>, the process's exit, the timeout, or <paramref name="ct"/>.</summary>
    public async Task<ClientRun> RunCaseAsync(ClientInvocation invocation, TimeSpan timeout, CancellationToken ct)
    {
        var state = new CaseState(invocation.CaseId);
        var commandLine = $"{AdapterModes.EnvironmentVariable}=1 {_command}  (service pid {_process.Id}, case {invocation.CaseId})";
        lock (_gate)
        {
            // Output that came while no case ran (a background task of the last case) is shown with this one.
            if (_pendingStderr.Length > 0) { state.Stderr.Append(_pendingStderr); _pendingStderr.Clear(); }
            foreach (var stray in _strayLines) state.Faults.Add($"a stdout line arrived between cases (after the last case-end): {Clip(stray)}");
            _strayLines.Clear();
            _current = state;
        }
        var startedAt = DateTimeOffset.UtcNow;
        state.Clock.Start();
        var wrote = await WriteRequestAsync(invocation).ConfigureAwait(false);

        var timedOut = false;
        DateTimeOffset? endedAt = null;
        var crashed = false;
        using (var limit = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            limit.CancelAfter(timeout);
            try
            {
                // stdin refused the request: the service is dead or dying, and its exit is this case's verdict.
                var first = wrote ? await Task.WhenAny(state.Ended.Task, _exited).WaitAsync(limit.Token).ConfigureAwait(false) : _exited;
                await first.WaitAsync(limit.Token).ConfigureAwait(false);
                if (first == state.Ended.Task) endedAt = await state.Ended.Task.ConfigureAwait(false);
                else
                {
                    crashed = true;
                    endedAt = DateTimeOffset.UtcNow;
                }
            }
            catch (OperationCanceledException)
            {
                timedOut = !ct.IsCancellationRequested;
            }
        }
        var duration = state.Clock.Elapsed.TotalMilliseconds;

        int? exitCode = null;
        if (timedOut || ct.IsCancellationRequested || crashed)
        {
            // A hung case, an interrupt or a death: the service goes with its whole group; the next case gets a fresh one.
            _broken = true;
            ProcessTree.KillGroup(_process);
            await _exited.ConfigureAwait(false);
            await Task.WhenAll(_stdout, _stderrPump).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None)
                .ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            if (crashed) exitCode = _process.ExitCode;
            // The exit may be noticed before the pump hands over a case-end written just before it: the case itself ended.
            if (crashed && state.Ended.Task.IsCompleted)
            {
                crashed = false;
                endedAt = await state.Ended.Task.ConfigureAwait(false);
            }
        }
        ct.ThrowIfCancellationRequested();

        List<string> faults;
        lock (_gate)
        {
            _current = null;
            var collector = state.Collector;
            if ((crashed || timedOut) && _stdout.IsCompletedSuccessfully && _stdout.Result is { } tail)
                collector.AddUnterminatedLine(tail.Text, tail.Bytes, tail.StdoutBytes, tail.AtMs, killed: timedOut);
            faults = [.. state.Faults, .. timedOut ? collector.Faults : collector.FinalFaults()];
            if (crashed)
            {
                // The per-process mode's "exit" verdict, with what service mode adds: the service died inside this case.
                faults.Insert(0, exitCode is { } c and not 0
                    ? $"adapter exited with code {c}: the service crashed during this case (a fresh service runs the next one)"
                    : $"the service exited (code {exitCode}) during this case, before its case-end line: a service runs until its stdin closes");
            }
        }
        string stderr;
        lock (state.Stderr) stderr = state.Stderr.ToString();
        return new ClientRun
        {
            Observations = [.. state.Collector.Observations],
            Faults = faults,
            TimedOut = timedOut,
            ExitCode = timedOut ? null : crashed ? exitCode : 0, // 0: the service finished the case as a v1 adapter finishes its run
            Stderr = stderr,
            DurationMs = Math.Round(duration, 1),
            CommandLine = commandLine,
            // Service mode: the case's client is gone when the adapter says case-end (it has released what the case opened) or the service died.
            Lifetime = new ClientLifetime(startedAt, timedOut ? null : endedAt),
        };
    }

    /// <summary>The request line; false when the service's stdin is gone (it died before the case).</summary>
    private async Task<bool> WriteRequestAsync(ClientInvocation invocation)
    {
        var line = RequestLine(invocation);
        try
        {
            await _process.StandardInput.WriteAsync(line.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary><c>{"type":"case","id":…,"env":{CONFORMANCE_*…}}</c> and a newline: the per-process mode's variables, by their names.</summary>
    internal static string RequestLine(ClientInvocation invocation)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "case");
            w.WriteString("id", invocation.CaseId);
            w.WriteStartObject("env");
            foreach (var (k, v) in invocation.Environment()) w.WriteString(k, v);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) + "\n";
    }

    /// <summary>The case id of a <c>case-end</c> line, or null when the line is not one.</summary>
    internal static (bool IsCaseEnd, string? Id) ParseCaseEnd(string line)
    {
        if (!line.Contains("case-end", StringComparison.Ordinal)) return (false, null);
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String || t.GetString() != "case-end")
                return (false, null);
            return (true, root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null);
        }
        catch (JsonException)
        {
            return (false, null);
        }
    }

    private void OnLine(string line)
    {
        lock (_gate)
        {
            var state = _current;
            var (isEnd, id) = ParseCaseEnd(line);
            if (state is null || state.Ended.Task.IsCompleted)
            {
                if (!string.IsNullOrWhiteSpace(line)) _strayLines.Add(line);
                return;
            }
            if (!isEnd)
            {
                state.Collector.AddLine(line, state.Clock.Elapsed.TotalMilliseconds);
                return;
            }
            if (id != state.CaseId) state.Faults.Add($"the case-end line names case {id ?? "(none)"}, not {state.CaseId}");
            state.Ended.TrySetResult(DateTimeOffset.UtcNow);
        }
    }

    private async Task PumpStderrAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_gate)
            {
                if (_current is { } state && !state.Ended.Task.IsCompleted)
                {
                    lock (state.Stderr) if (state.Stderr.Length < MaxStderrChars) state.Stderr.AppendLine(line);
                }
                else if (_pendingStderr.Length < MaxStderrChars) _pendingStderr.Append(BetweenCases).AppendLine(line);
            }
        }
    }

    private static string Clip(string s) => s.Length > 200 ? s[..200] + "…" : s;

    /// <summary>Closes stdin (a service exits at its end), waits a moment, then kills the group.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try { _process.StandardInput.Close(); } catch (IOException) { }
        try { await _exited.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false); }
        catch (TimeoutException) { }
        ProcessTree.KillGroup(_process);
        await _exited.ConfigureAwait(false);
        _process.Dispose();
    }
}
