using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Conformance.Proxy.Launching;

internal static class LoopbackPorts
{
    /// <summary>A port free on 127.0.0.1 right now (the kernel picks it; a race with another binder is possible but rare).</summary>
    public static int Free()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>Waits until the port accepts a connection; fails early if the process exits.</summary>
    public static async Task WaitAcceptingAsync(int port, Process? process, TimeSpan limit, Func<string> diagnostics, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            using (var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                try
                {
                    await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct).ConfigureAwait(false);
                    return;
                }
                catch (SocketException) { }
            }
            if (process is { HasExited: true })
                throw new InvalidOperationException($"the proxy exited with code {process.ExitCode} before listening on 127.0.0.1:{port}. {diagnostics()}");
            if (sw.Elapsed > limit)
                throw new TimeoutException($"the proxy did not accept connections on 127.0.0.1:{port} within {limit.TotalSeconds:0} s. {diagnostics()}");
            await Task.Delay(25, ct).ConfigureAwait(false);
        }
    }
}
