using System.Diagnostics;
using System.Text;
using Conformance.Runner.Clients;

namespace Conformance.Proxy.Launching;

/// <summary>
/// A proxy the harness starts from a command line with <c>{upstream}</c> (the mock's port) and
/// <c>{port}</c> (a free loopback port it must listen on). It runs in its own session via setsid
/// and is stopped by killing its process group by id.
/// </summary>
public sealed class CommandProxy : IProxyUnderTest
{
    private readonly Process _process;
    private readonly StringBuilder _output;
    /// <summary>A generated config folder, deleted after the process is gone.</summary>
    private string? _tempDir;

    private CommandProxy(string name, string kind, string commandLine, int port, Process process, StringBuilder output)
    {
        Name = name;
        Kind = kind;
        Description = commandLine;
        Url = new Uri($"http://127.0.0.1:{port}");
        _process = process;
        _output = output;
    }

    public string Name { get; }
    public string Kind { get; }
    public Uri Url { get; }
    public string Description { get; }

    /// <summary>The proxy's stdout and stderr so far.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    public int ProcessId => _process.Id;

    public static string Expand(string command, int upstreamPort, int port) =>
        command.Replace("{upstream}", upstreamPort.ToString(), StringComparison.Ordinal).Replace("{port}", port.ToString(), StringComparison.Ordinal);

    public static Task<CommandProxy> StartAsync(string name, string command, int upstreamPort, CancellationToken ct) =>
        StartAsync(name, "command", command, upstreamPort, port: null, ct);

    internal static async Task<CommandProxy> StartAsync(string name, string kind, string command, int upstreamPort, int? port, CancellationToken ct, string? tempDir = null)
    {
        var listen = port ?? LoopbackPorts.Free();
        var line = Expand(command, upstreamPort, listen);
        var psi = ProcessTree.ShellCommand(line);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        var output = new StringBuilder();
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        if (!process.Start()) throw new InvalidOperationException($"could not start: {line}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var proxy = new CommandProxy(name, kind, line, listen, process, output) { _tempDir = tempDir };
        try
        {
            await LoopbackPorts.WaitAcceptingAsync(listen, process, TimeSpan.FromSeconds(15), () => $"Command: {line}\n{proxy.Output}", ct).ConfigureAwait(false);
        }
        catch
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        ProcessTree.KillGroup(_process);
        try { await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false); }
        catch (TimeoutException) { }
        catch (InvalidOperationException) { }
        _process.Dispose();
        if (_tempDir is not null) try { Directory.Delete(_tempDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
