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

    /// <summary>
    /// Forwards one request and relays WireMock's response byte for byte. With <paramref name="interceptUnmatched"/>,
    /// a response that is WireMock's own "no mapping" 404 is held back instead (nothing reaches the client) and
    /// <see cref="ForwardResult.Matched"/> is false, so the front door can answer in its place.
    /// </summary>
    public async Task<ForwardResult> ForwardAsync(SocketConnection client, HttpRequest request, bool interceptUnmatched, CancellationToken ct)
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await upstream.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), ct).ConfigureAwait(false);
        await SendAllAsync(upstream, Rewrite(request), ct).ConfigureAwait(false);
        var buffer = new byte[16 * 1024];

        // Read up to the end of the head (and, for a 404 worth inspecting, the whole small body) before relaying.
        var held = new MemoryStream();
        var status = 0;
        var closed = false;
        while (true)
        {
            var n = await upstream.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
            if (n == 0) { closed = true; break; }
            held.Write(buffer, 0, n);
            var headEnd = held.GetBuffer().AsSpan(0, (int)held.Length).IndexOf("\r\n\r\n"u8);
            if (headEnd < 0) { if (held.Length > 64 * 1024) break; continue; }
            status = StatusOf(held.GetBuffer().AsSpan(0, headEnd));
            if (!interceptUnmatched || status != 404 || held.Length > MaxHeldBody) break;
        }
        if (interceptUnmatched && status == 404 && closed && IsNoMappingResponse(held.GetBuffer().AsSpan(0, (int)held.Length)))
            return new ForwardResult(status, Matched: false);

        await client.SendAsync(held.GetBuffer().AsMemory(0, (int)held.Length), ct).ConfigureAwait(false);
        while (!closed)
        {
            var n = await upstream.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
            if (n == 0) break;
            await client.SendAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
        }
        return new ForwardResult(status, Matched: true);
    }

    /// <summary>A 404 body larger than this is a user's stub, not WireMock's one-line "no mapping" answer: relay it.</summary>
    private const int MaxHeldBody = 4096;

    /// <summary>What WireMock.Net (2.21) answers when no mapping matches: 404 with this JSON body.</summary>
    private static readonly byte[] NoMappingBody = "{\"Status\":\"No matching mapping found\"}"u8.ToArray();

    /// <summary>
    /// True for WireMock's "no mapping" 404. Its body (chunked or not) contains exactly that JSON; a user's own
    /// stub that answers those very bytes with a 404 is indistinguishable and is treated the same.
    /// </summary>
    internal static bool IsNoMappingResponse(ReadOnlySpan<byte> response)
    {
        var headEnd = response.IndexOf("\r\n\r\n"u8);
        return headEnd >= 0 && StatusOf(response[..headEnd]) == 404 && response[(headEnd + 4)..].IndexOf(NoMappingBody) >= 0;
    }

    private static int StatusOf(ReadOnlySpan<byte> head)
    {
        // "HTTP/1.1 404 Not Found"
        var firstSpace = head.IndexOf((byte)' ');
        return firstSpace >= 0 && head.Length >= firstSpace + 4
               && int.TryParse(head.Slice(firstSpace + 1, 3), System.Globalization.NumberStyles.None, null, out var status)
            ? status
            : 0;
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
