using System.Net.Sockets;
using System.Text;

namespace Conformance.Server.Http;

/// <summary>
/// One accepted client socket: reads requests (head + body) off it with its own buffer, and tells
/// when the client closes its side while a response is being written. Bytes that arrive during a
/// response (a pipelined request) are kept for the next <see cref="ReadRequestAsync"/>.
/// </summary>
public sealed class SocketConnection(Socket socket, TimeProvider time) : IDisposable
{
    private const int MaxHeadBytes = 64 * 1024;
    private const int MaxBodyBytes = 16 * 1024 * 1024;

    // 4 KiB to start (a request head fits; the buffer grows for bodies): 10,000 idle streams must stay small.
    private byte[] _buffer = new byte[4 * 1024];
    private int _start;
    private int _end;
    private Task<int>? _pendingReceive;
    private byte[]? _pendingBuffer;

    public Socket Socket => socket;

    public int RemotePort => (socket.RemoteEndPoint as System.Net.IPEndPoint)?.Port ?? 0;

    /// <summary>Set once the client's side is known to be closed (FIN or RST seen).</summary>
    public bool ClientClosed { get; private set; }

    /// <summary>Reads one request. Returns null when the client closed cleanly between requests.</summary>
    public async Task<HttpRequest?> ReadRequestAsync(CancellationToken ct)
    {
        int headEnd;
        while ((headEnd = IndexOfHeadEnd()) < 0)
        {
            if (_end - _start > MaxHeadBytes) throw new BadRequestException("request head larger than 64 KiB");
            if (await FillAsync(ct).ConfigureAwait(false) == 0)
            {
                if (_end == _start) return null;
                throw new BadRequestException("connection closed in the middle of a request head");
            }
        }
        var receivedAt = time.GetUtcNow();
        var headText = Encoding.Latin1.GetString(_buffer, _start, headEnd - _start);
        var lines = headText.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
            throw new BadRequestException($"malformed request line: {Truncate(lines[0])}");
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) throw new BadRequestException($"malformed header line: {Truncate(line)}");
            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        var headLength = headEnd + 4 - _start;
        var rawStart = _start;
        _start = headEnd + 4;

        byte[] body;
        var te = headers.FirstOrDefault(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)).Value;
        var cl = headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        List<byte> raw = [.. _buffer.AsSpan(rawStart, headLength)];
        if (te is not null && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            (body, var rawBody) = await ReadChunkedBodyAsync(ct).ConfigureAwait(false);
            raw.AddRange(rawBody);
        }
        else if (cl is not null)
        {
            if (!int.TryParse(cl, out var length) || length < 0) throw new BadRequestException($"bad Content-Length: {Truncate(cl)}");
            if (length > MaxBodyBytes) throw new BadRequestException("request body larger than 16 MiB");
            body = await ReadExactAsync(length, ct).ConfigureAwait(false);
            raw.AddRange(body);
        }
        else body = [];

        var target = requestLine[1];
        var q = target.IndexOf('?');
        return new HttpRequest
        {
            Method = requestLine[0],
            Path = q < 0 ? target : target[..q],
            Query = q < 0 ? "" : target[q..],
            Version = requestLine[2],
            Headers = headers,
            Body = body,
            Raw = [.. raw],
            ReceivedAt = receivedAt,
        };
    }

    /// <summary>
    /// Completes when the client closes its side (read returns 0 or fails) — the evidence of
    /// "when the client closed the connection". Bytes it reads instead are kept for the next request.
    /// </summary>
    public async Task WaitForClientCloseAsync(CancellationToken ct)
    {
        while (!ClientClosed)
        {
            if (await FillAsync(ct).ConfigureAwait(false) == 0) return;
        }
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        while (!bytes.IsEmpty)
        {
            var n = await socket.SendAsync(bytes, SocketFlags.None, ct).ConfigureAwait(false);
            bytes = bytes[n..];
        }
    }

    private async Task<(byte[] Body, byte[] Raw)> ReadChunkedBodyAsync(CancellationToken ct)
    {
        var body = new List<byte>();
        var raw = new List<byte>();
        while (true)
        {
            var line = await ReadLineAsync(ct).ConfigureAwait(false);
            raw.AddRange(Encoding.Latin1.GetBytes(line + "\r\n"));
            var sizeText = line.Split(';')[0].Trim();
            if (!int.TryParse(sizeText, System.Globalization.NumberStyles.HexNumber, null, out var size) || size < 0)
                throw new BadRequestException($"bad chunk size: {Truncate(line)}");
            if (body.Count + size > MaxBodyBytes) throw new BadRequestException("request body larger than 16 MiB");
            if (size == 0)
            {
                // Trailers end with an empty line.
                while (true)
                {
                    var trailer = await ReadLineAsync(ct).ConfigureAwait(false);
                    raw.AddRange(Encoding.Latin1.GetBytes(trailer + "\r\n"));
                    if (trailer.Length == 0) return ([.. body], [.. raw]);
                }
            }
            var data = await ReadExactAsync(size + 2, ct).ConfigureAwait(false);
            raw.AddRange(data);
            body.AddRange(data.AsSpan(0, size));
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken ct)
    {
        while (true)
        {
            var idx = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (idx >= 0)
            {
                var line = Encoding.Latin1.GetString(_buffer, _start, idx - _start).TrimEnd('\r');
                _start = idx + 1;
                return line;
            }
            if (_end - _start > MaxHeadBytes) throw new BadRequestException("chunk line too long");
            if (await FillAsync(ct).ConfigureAwait(false) == 0) throw new BadRequestException("connection closed inside a chunked request body");
        }
    }

    private async Task<byte[]> ReadExactAsync(int count, CancellationToken ct)
    {
        while (_end - _start < count)
        {
            if (await FillAsync(ct).ConfigureAwait(false) == 0)
                throw new BadRequestException($"connection closed after {_end - _start} of {count} body bytes");
        }
        var result = _buffer.AsSpan(_start, count).ToArray();
        _start += count;
        return result;
    }

    private int IndexOfHeadEnd()
    {
        var span = _buffer.AsSpan(_start, _end - _start);
        var i = span.IndexOf("\r\n\r\n"u8);
        return i < 0 ? -1 : _start + i;
    }

    /// <summary>
    /// Reads more bytes into the buffer. At most one receive is ever outstanding: a receive started by
    /// <see cref="WaitForClientCloseAsync"/> and abandoned by its caller is picked up here.
    /// </summary>
    private async Task<int> FillAsync(CancellationToken ct)
    {
        if (_pendingReceive is null)
        {
            if (_start > 0 && _start == _end) { _start = _end = 0; }
            if (_buffer.Length - _end < 1024)
            {
                var bigger = new byte[Math.Max(_buffer.Length * 2, (_end - _start) + 8192)];
                Buffer.BlockCopy(_buffer, _start, bigger, 0, _end - _start);
                _end -= _start;
                _start = 0;
                _buffer = bigger;
            }
            _pendingBuffer = _buffer;
            _pendingReceive = ReceiveOrZeroAsync(_buffer.AsMemory(_end));
        }
        int n;
        try
        {
            n = await _pendingReceive.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            throw; // the receive stays pending for the next caller
        }
        _pendingReceive = null;
        if (!ReferenceEquals(_pendingBuffer, _buffer)) throw new InvalidOperationException("buffer replaced during a pending receive");
        if (n == 0) ClientClosed = true;
        _end += n;
        return n;
    }

    private async Task<int> ReceiveOrZeroAsync(Memory<byte> into)
    {
        try
        {
            // No token: a receive cannot be cancelled without tearing the socket down on some platforms.
            return await socket.ReceiveAsync(into, SocketFlags.None).ConfigureAwait(false);
        }
        catch (SocketException) { return 0; }
        catch (ObjectDisposedException) { return 0; }
    }

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";

    public void Dispose() => socket.Dispose();
}
