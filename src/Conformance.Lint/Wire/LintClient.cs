using System.Net.Security;
using System.Security.Authentication;
using System.Net.Sockets;
using System.Text;
using Conformance.Core.Wire;

namespace Conformance.Lint.Wire;

/// <summary>
/// The linter's HTTP/1.1 client: a raw socket (TLS for https), so every read is stamped the moment it returns and
/// no HTTP library's buffering or decompression hides the server's. It sends exactly one request and reads the
/// response to its end. Expected failures (refused, reset, timeout, not HTTP) come back as
/// <see cref="StreamCapture.Ended"/>, never thrown.
/// </summary>
/// <param name="time">The clock every read is stamped with.</param>
/// <param name="certificates">How an https server's certificate is judged; null: the system's trust store (a test pins its own certificate here).</param>
public sealed class LintClient(TimeProvider time, RemoteCertificateValidationCallback? certificates = null)
{
    public LintClient() : this(TimeProvider.System) { }

    public async Task<StreamCapture> SendAsync(LintRequest request, TimeSpan timeout, CancellationToken ct)
    {
        var url = request.Url;
        var body = Encoding.UTF8.GetBytes(request.Body);
        var head = new StringBuilder();
        head.Append("POST ").Append(url.PathAndQuery).Append(" HTTP/1.1\r\n");
        head.Append("Host: ").Append(url.IsDefaultPort ? url.Host : url.Authority).Append("\r\n");
        foreach (var (k, v) in request.Headers) head.Append(k).Append(": ").Append(v).Append("\r\n");
        head.Append("Content-Length: ").Append(body.Length).Append("\r\nConnection: close\r\n\r\n");

        var started = time.GetTimestamp();
        double Ms() => Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 2);
        var sentAt = time.GetUtcNow();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);

        var reads = new List<ReadStamp>();
        var pieces = new List<ReceivedPiece>();
        var payload = new List<byte>();
        var raw = new List<byte>();
        int? status = null;
        string? reason = null;
        List<KeyValuePair<string, string>> headers = [];
        byte[] headBytes = [];
        double? headAt = null;
        var framing = BodyFraming.CloseDelimited;
        ChunkedBody? chunked = null;
        long? contentLength = null;

        StreamCapture Done(string ended, string? error = null) => new()
        {
            Url = url, RequestHeaders = request.RedactedHeaders, RequestBody = request.Body, SentAt = sentAt,
            Status = status, Reason = reason, Headers = headers, Head = headBytes, HeadAtMs = headAt, Framing = framing,
            Body = [.. payload], Pieces = pieces, Reads = reads, Ended = ended, EndedAtMs = Ms(), Error = error is null ? null : Scrub(error, request.Secrets),
        };

        using var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(url.Host, url.Port, cts.Token).ConfigureAwait(false);
            Stream stream = tcp.GetStream();
            if (url.Scheme == Uri.UriSchemeHttps)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = url.Host, RemoteCertificateValidationCallback = certificates }, cts.Token).ConfigureAwait(false);
                stream = ssl;
            }
            await using var _ = stream.ConfigureAwait(false);
            await stream.WriteAsync((byte[])[.. Encoding.ASCII.GetBytes(head.ToString()), .. body], cts.Token).ConfigureAwait(false);
            await stream.FlushAsync(cts.Token).ConfigureAwait(false);
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var n = await stream.ReadAsync(buffer, cts.Token).ConfigureAwait(false);
                var at = Ms();
                if (n == 0)
                {
                    if (status is null) return Done(CaptureEnds.Error, "the connection closed before a response head");
                    return chunked is null && contentLength is null ? Done(CaptureEnds.Clean) : Done(CaptureEnds.Eof);
                }
                reads.Add(new ReadStamp(at, n));
                var data = buffer.AsSpan(0, n);
                if (status is null)
                {
                    raw.AddRange(data.ToArray());
                    var end = IndexOfHeadEnd(raw);
                    if (end < 0) continue;
                    headBytes = [.. raw.GetRange(0, end + 4)];
                    (status, reason, headers) = ParseHead(Encoding.Latin1.GetString(headBytes, 0, end));
                    headAt = at;
                    if (status is null) return Done(CaptureEnds.Error, "the response is not HTTP/1.x");
                    var te = headers.FirstOrDefault(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)).Value;
                    if (te is not null && te.Contains("chunked", StringComparison.OrdinalIgnoreCase)) { chunked = new ChunkedBody(); framing = BodyFraming.Chunked; }
                    else if (long.TryParse(headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value, out var cl))
                    { contentLength = cl; framing = BodyFraming.ContentLength; }
                    data = raw.ToArray().AsSpan(end + 4);
                }
                if (chunked is not null)
                {
                    foreach (var chunk in chunked.Feed(data))
                    {
                        pieces.Add(new ReceivedPiece(payload.Count, chunk.Length, at));
                        payload.AddRange(chunk);
                    }
                    if (chunked.Error is not null) return Done(CaptureEnds.Error, chunked.Error);
                    if (chunked.Complete) return Done(CaptureEnds.Clean);
                }
                else if (data.Length > 0)
                {
                    pieces.Add(new ReceivedPiece(payload.Count, data.Length, at));
                    payload.AddRange(data.ToArray());
                    if (contentLength is { } len && payload.Count >= len) return Done(CaptureEnds.Clean);
                }
                if (contentLength == 0) return Done(CaptureEnds.Clean);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Done(CaptureEnds.Timeout, $"no complete response within {timeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is IOException or SocketException or AuthenticationException)
        {
            var socket = ex as SocketException ?? ex.InnerException as SocketException;
            if (socket?.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted && status is not null)
                return Done(CaptureEnds.Reset, socket.Message);
            return status is null ? Done(CaptureEnds.Error, $"{url.Scheme}://{url.Authority}: {ex.Message}") : Done(CaptureEnds.Reset, ex.Message);
        }
    }

    private static string Scrub(string s, IReadOnlyList<string> secrets) =>
        secrets.Where(x => x.Length > 0).Aggregate(s, (acc, secret) => acc.Replace(secret, "<redacted>", StringComparison.Ordinal));

    private static int IndexOfHeadEnd(List<byte> raw)
    {
        for (var i = 0; i + 3 < raw.Count; i++)
            if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') return i;
        return -1;
    }

    internal static (int?, string?, List<KeyValuePair<string, string>>) ParseHead(string head)
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
        return (status, parts.Length == 3 ? parts[2] : null, headers);
    }
}
