using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Conformance.Proxy.Probe;

/// <summary>
/// The harness's own HTTP/1.1 client for proxy mode: a raw socket, so the arrival time of every read
/// is measured from the bytes themselves and no HTTP library's buffering hides a proxy's.
/// Expected failures (refused, reset, timeout) come back as <see cref="ProbeRecord.Ended"/>, never thrown.
/// </summary>
public sealed class ProbeClient(TimeProvider time)
{
    public ProbeClient() : this(TimeProvider.System) { }

    /// <summary>Sends a streaming chat request to <paramref name="proxy"/> + <paramref name="path"/> and reads the response.</summary>
    /// <param name="disconnectAfterEvents">Close the connection once this many SSE events (blank-line terminated) have arrived.</param>
    public async Task<ProbeRecord> SendAsync(Uri proxy, string path, int? disconnectAfterEvents, TimeSpan timeout, CancellationToken ct)
    {
        var body = "{\"model\":\"probe\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"u8.ToArray();
        var head = $"POST {path} HTTP/1.1\r\nHost: {proxy.Authority}\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n" +
                   $"Accept-Encoding: gzip, br\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        var sentAt = time.GetUtcNow();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var reads = new List<ProbeRead>();
        var raw = new List<byte>();
        var payload = new List<byte>();
        var segments = new List<BodySegment>();
        int? status = null;
        List<KeyValuePair<string, string>> headers = [];
        DateTimeOffset? headAt = null;
        ChunkedDecoder? chunked = null;
        long? contentLength = null;
        DateTimeOffset? disconnectedAt = null;

        ProbeRecord Done(string ended, string? error = null) => new()
        {
            SentAt = sentAt, Status = status, Headers = headers, HeadAt = headAt, Reads = reads, Body = [.. payload],
            Segments = segments, Ended = ended, EndedAt = disconnectedAt ?? time.GetUtcNow(), DisconnectedAt = disconnectedAt, Error = error,
        };

        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(proxy.Host), proxy.Port), cts.Token).ConfigureAwait(false);
            await socket.SendAsync((byte[])[.. Encoding.ASCII.GetBytes(head), .. body], SocketFlags.None, cts.Token).ConfigureAwait(false);
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token).ConfigureAwait(false);
                var at = time.GetUtcNow();
                if (n == 0)
                {
                    if (status is null) return Done(ProbeEnds.Error, "connection closed before a response head");
                    if (chunked is null && contentLength is null) return Done(ProbeEnds.Clean); // close-delimited body
                    return Done(ProbeEnds.Eof);
                }
                reads.Add(new ProbeRead(at, n));
                var data = buffer.AsSpan(0, n);
                if (status is null)
                {
                    raw.AddRange(data.ToArray());
                    var end = IndexOfHeadEnd(raw);
                    if (end < 0) continue;
                    (status, headers) = ParseHead(Encoding.Latin1.GetString(raw.GetRange(0, end).ToArray()));
                    headAt = at;
                    if (status is null) return Done(ProbeEnds.Error, "response is not HTTP/1.x");
                    var te = headers.FirstOrDefault(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)).Value;
                    if (te is not null && te.Contains("chunked", StringComparison.OrdinalIgnoreCase)) chunked = new ChunkedDecoder();
                    else if (long.TryParse(headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value, out var cl)) contentLength = cl;
                    data = raw.ToArray().AsSpan(end + 4);
                }
                var before = payload.Count;
                if (chunked is not null)
                {
                    chunked.Feed(data, payload);
                    if (chunked.Error is not null) { Stamp(); return Done(ProbeEnds.Error, chunked.Error); }
                }
                else payload.AddRange(data.ToArray());
                Stamp();
                if (chunked?.Complete == true || (contentLength is { } len && payload.Count >= len)) return Done(ProbeEnds.Clean);
                if (disconnectAfterEvents is { } k && CountEvents(payload) >= k)
                {
                    disconnectedAt = time.GetUtcNow();
                    socket.Close(); // FIN, the way a browser tab or an aborted fetch leaves
                    return Done(ProbeEnds.Disconnected);
                }

                void Stamp()
                {
                    if (payload.Count > before) segments.Add(new BodySegment(before, payload.Count - before, at));
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Done(status is null && reads.Count == 0 && !socket.Connected ? ProbeEnds.Error : ProbeEnds.Timeout, $"no complete response within {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            return Done(ProbeEnds.Reset, ex.Message);
        }
        catch (SocketException ex)
        {
            return Done(ProbeEnds.Error, $"{ex.SocketErrorCode}: {ex.Message}");
        }
    }

    private static int IndexOfHeadEnd(List<byte> raw)
    {
        for (var i = 0; i + 3 < raw.Count; i++)
            if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') return i;
        return -1;
    }

    private static (int?, List<KeyValuePair<string, string>>) ParseHead(string head)
    {
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ', 3);
        int? status = parts.Length >= 2 && parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) && int.TryParse(parts[1], out var s) ? s : null;
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0) headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        return (status, headers);
    }

    /// <summary>SSE events (data or comment blocks) completed so far: blank-line terminated blocks.</summary>
    internal static int CountEvents(List<byte> body)
    {
        var count = 0;
        for (var i = 1; i < body.Count; i++)
            if (body[i] == '\n' && body[i - 1] == '\n') count++;
        return count;
    }
}
