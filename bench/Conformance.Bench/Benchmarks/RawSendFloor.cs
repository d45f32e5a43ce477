using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Conformance.Bench.Benchmarks;

/// <summary>
/// The floor under the mock's design: a raw socket server that does nothing but one send per event (pre-framed
/// chunks, keep-alive, no journal, no parsing beyond finding the request's end). The mock promises one send per
/// planned write (a write is a TCP segment); Kestrel's pipe coalesces the flushes of a busy stream into fewer
/// sends. How far this floor sits below Kestrel is the price of that promise, not of the mock's code.
/// </summary>
internal sealed class RawSendFloor : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly byte[][] _framed;
    private readonly int _requestLength;

    public RawSendFloor(byte[][] events, int requestLength)
    {
        _framed = [.. events.Select(e => Encoding.ASCII.GetBytes(e.Length.ToString("x") + "\r\n").Concat(e).Concat("\r\n"u8.ToArray()).ToArray())];
        _requestLength = requestLength;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(1024);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = AcceptAsync(_stop.Token);
    }

    public int Port { get; }

    private static readonly byte[] Head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray();
    private static readonly byte[] Last = "0\r\n\r\n"u8.ToArray();

    private async Task AcceptAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket s;
            try { s = await _listener.AcceptSocketAsync(ct); } catch { return; }
            s.NoDelay = true;
            _ = Task.Run(async () =>
            {
                using var socket = s;
                var buffer = new byte[4096];
                try
                {
                    while (true)
                    {
                        for (var got = 0; got < _requestLength;)
                        {
                            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
                            if (n == 0) return;
                            got += n;
                        }
                        await socket.SendAsync(Head, SocketFlags.None, ct);
                        foreach (var f in _framed) await socket.SendAsync(f, SocketFlags.None, ct);
                        await socket.SendAsync(Last, SocketFlags.None, ct);
                    }
                }
                catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException) { }
            }, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
