using System.Net;
using System.Net.Sockets;
using System.Text;
using Conformance.Server.Http;
using WireMock.Server;
using WireMock.Settings;

namespace Conformance.Server.Hosting;

/// <summary>
/// WireMock.Net behind the front door: every request that is not a scenario or control URL is
/// forwarded to it, so users' own stubs (<see cref="Server"/>.Given(...)) and, when enabled, its admin
/// API (<c>/__admin</c>) keep working on the same base URL. Forwarded exchanges use
/// <c>Connection: close</c>: the front door never has to re-frame a response it did not write.
/// </summary>
public sealed class WireMockBackend : IDisposable
{
    private WireMockBackend(WireMockServer server, int port)
    {
        Server = server;
        Port = port;
    }

    public WireMockServer Server { get; }

    public int Port { get; }

    public static WireMockBackend Start(bool adminApi)
    {
        var port = FreeLoopbackPort();
        var server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = [$"http://127.0.0.1:{port}"],
            StartAdminInterface = adminApi,
        });
        return new WireMockBackend(server, port);
    }

    public async Task ForwardAsync(SocketConnection client, HttpRequest request, CancellationToken ct)
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await upstream.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), ct).ConfigureAwait(false);
        await SendAllAsync(upstream, Rewrite(request), ct).ConfigureAwait(false);
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var n = await upstream.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
            if (n == 0) break;
            await client.SendAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
        }
    }

    private static byte[] Rewrite(HttpRequest request)
    {
        var sb = new StringBuilder();
        sb.Append(request.Method).Append(' ').Append(request.Path).Append(request.Query).Append(" HTTP/1.1\r\n");
        foreach (var (k, v) in request.Headers)
        {
            if (k.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                || k.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                || k.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            sb.Append(k).Append(": ").Append(v).Append("\r\n");
        }
        sb.Append("Content-Length: ").Append(request.Body.Length).Append("\r\nConnection: close\r\n\r\n");
        return [.. Encoding.Latin1.GetBytes(sb.ToString()), .. request.Body];
    }

    private static async Task SendAllAsync(Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        while (!bytes.IsEmpty) bytes = bytes[await socket.SendAsync(bytes, SocketFlags.None, ct).ConfigureAwait(false)..];
    }

    internal static int FreeLoopbackPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
    }
}
