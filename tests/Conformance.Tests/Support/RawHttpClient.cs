using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Conformance.Tests.Support;

/// <summary>A client that sees exactly what arrives on the socket, read by read.</summary>
internal sealed class RawHttpClient : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    public static async Task<RawHttpClient> ConnectAsync(int port, CancellationToken ct)
    {
        var c = new RawHttpClient();
        await c._socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
        return c;
    }

    public Socket Socket => _socket;

    public Task SendAsync(string method, string path, string? body = null, params string[] headers)
    {
        var sb = new StringBuilder($"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        foreach (var h in headers) sb.Append(h).Append("\r\n");
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        if (body is not null) sb.Append("Content-Type: application/json\r\nContent-Length: ").Append(bytes.Length).Append("\r\n");
        sb.Append("\r\n");
        return _socket.SendAsync((byte[])[.. Encoding.ASCII.GetBytes(sb.ToString()), .. bytes]);
    }

    /// <summary>Reads until <paramref name="until"/> says the bytes so far are enough, the peer closes, or it resets.</summary>
    public async Task<RawReads> ReadAsync(Func<byte[], bool> until, TimeSpan limit, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(limit);
        var reads = new List<byte[]>();
        var all = new List<byte>();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            int n;
            try { n = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token); }
            catch (SocketException ex) { return new RawReads(reads, all.ToArray(), RawEnd.Reset, ex.SocketErrorCode); }
            catch (OperationCanceledException) { return new RawReads(reads, all.ToArray(), RawEnd.TimedOut, null); }
            if (n == 0) return new RawReads(reads, all.ToArray(), RawEnd.Fin, null);
            reads.Add(buffer[..n]);
            all.AddRange(buffer.AsSpan(0, n));
            if (until(all.ToArray())) return new RawReads(reads, all.ToArray(), RawEnd.Satisfied, null);
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}

internal enum RawEnd { Satisfied, Fin, Reset, TimedOut }

internal sealed record RawReads(IReadOnlyList<byte[]> Reads, byte[] All, RawEnd End, SocketError? Error)
{
    public static bool EndsWithTerminator(byte[] all) => all.AsSpan().EndsWith("\r\n0\r\n\r\n"u8);

    public int IndexOfReadContaining(byte[] needle)
    {
        for (var i = 0; i < Reads.Count; i++)
            if (Reads[i].AsSpan().IndexOf(needle) >= 0) return i;
        return -1;
    }
}
