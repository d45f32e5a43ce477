using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Conformance.Bench.Benchmarks;

/// <summary>
/// A raw-socket HTTP/1.1 client: one request, then reads until the chunked terminator. No parsing beyond
/// that, so it costs the same against every server it measures; it can timestamp each read (Stopwatch ticks).
/// </summary>
internal sealed class RawClient : IDisposable
{
    private static readonly byte[] Terminator = "0\r\n\r\n"u8.ToArray();
    private readonly Socket _socket;
    private readonly byte[] _buffer;

    private RawClient(Socket socket, int bufferSize) { _socket = socket; _buffer = new byte[bufferSize]; }

    public static async Task<RawClient> ConnectAsync(int port, CancellationToken ct, int bufferSize = 64 * 1024)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
        return new RawClient(s, bufferSize);
    }

    public static byte[] Post(string path, string body = "{\"model\":\"bench\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}") =>
        Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}");

    public Task SendAsync(byte[] request, CancellationToken ct) => _socket.SendAsync(request, SocketFlags.None, ct).AsTask();

    /// <summary>Reads one chunked response to its terminator; returns the bytes read. <paramref name="onRead"/> gets (timestamp, bytes).</summary>
    public async Task<long> ReadResponseAsync(CancellationToken ct, Action<long, ReadOnlyMemory<byte>>? onRead = null)
    {
        long total = 0;
        var last = new byte[Terminator.Length];
        var lastLen = 0;
        while (true)
        {
            var n = await _socket.ReceiveAsync(_buffer, SocketFlags.None, ct);
            if (n == 0) throw new IOException($"server closed after {total} bytes without the terminating chunk");
            onRead?.Invoke(Stopwatch.GetTimestamp(), _buffer.AsMemory(0, n));
            total += n;
            // keep the last 5 bytes across reads to spot "0\r\n\r\n"
            if (n >= last.Length) { _buffer.AsSpan(n - last.Length, last.Length).CopyTo(last); lastLen = last.Length; }
            else
            {
                var keep = Math.Min(lastLen, last.Length - n);
                last.AsSpan(lastLen - keep, keep).CopyTo(last);
                _buffer.AsSpan(0, n).CopyTo(last.AsSpan(keep));
                lastLen = keep + n;
            }
            if (lastLen == last.Length && last.AsSpan().SequenceEqual(Terminator)) return total;
        }
    }

    /// <summary>Reads until the response head is complete (for idle streams that only send heartbeats).</summary>
    public async Task ReadHeadAsync(CancellationToken ct)
    {
        var got = new List<byte>();
        while (true)
        {
            var n = await _socket.ReceiveAsync(_buffer, SocketFlags.None, ct);
            if (n == 0) throw new IOException("server closed before the response head");
            got.AddRange(_buffer.AsSpan(0, n));
            if (CollectionsMarshal.AsSpan(got).IndexOf("\r\n\r\n"u8) >= 0) return;
        }
    }

    /// <summary>Reads until the connection ends or <paramref name="ct"/> fires, reporting how many times <paramref name="marker"/> ended a read.</summary>
    public async Task CountAsync(byte[] marker, Action<int> seen, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var n = await _socket.ReceiveAsync(_buffer, SocketFlags.None, ct);
                if (n == 0) return;
                var count = 0;
                for (var span = _buffer.AsSpan(0, n); span.IndexOf(marker) is var i and >= 0; span = span[(i + marker.Length)..]) count++;
                if (count > 0) seen(count);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException) { }
    }

    public void Dispose() => _socket.Dispose();
}
