using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Conformance.Browser;

/// <summary>
/// A tiny GET-only file server on 127.0.0.1:0 that serves the harness page and the client modules.
/// It is a different origin (another port) from the mock server, so every client request is
/// cross-origin and preflighted when its headers demand it, as in a real web app. It stays on
/// loopback so Chromium's local-network-access rules never see a public page reach into 127.0.0.1.
/// </summary>
internal sealed class StaticOrigin : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, string> _mounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> _documents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> _open = new();
    private readonly Task _accept;

    public StaticOrigin()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(backlog: 256);
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accept = AcceptLoopAsync(_stopping.Token);
    }

    public Uri BaseUrl { get; }

    /// <summary>Serves the files below <paramref name="directory"/> at <c>/{name}/…</c>; returns that URL.</summary>
    public Uri Mount(string name, string directory)
    {
        _mounts[name] = Path.GetFullPath(directory);
        return new Uri(BaseUrl, name + "/");
    }

    /// <summary>Serves an in-memory document at <paramref name="path"/> (no leading slash).</summary>
    public Uri Document(string path, string content)
    {
        _documents[path] = Encoding.UTF8.GetBytes(content);
        return new Uri(BaseUrl, path);
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptSocketAsync(ct).ConfigureAwait(false); }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException) { return; }
            catch (SocketException) { continue; }
            var task = ServeAsync(socket, ct);
            _open[task] = true;
            _ = task.ContinueWith(t => _open.TryRemove(t, out _), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken ct)
    {
        using var _ = socket;
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            var head = await ReadHeadAsync(stream, ct).ConfigureAwait(false);
            if (head is null) return;
            var requestLine = head.Split("\r\n", 2)[0].Split(' ');
            var (status, type, body) = requestLine.Length >= 2 && requestLine[0] is "GET" or "HEAD"
                ? Lookup(requestLine[1])
                : (405, "text/plain", Encoding.UTF8.GetBytes("GET only"));
            var reason = status switch { 200 => "OK", 404 => "Not Found", _ => "Method Not Allowed" };
            var response = $"HTTP/1.1 {status} {reason}\r\nContent-Type: {type}\r\nContent-Length: {body.Length}\r\n" +
                           "Cache-Control: no-store\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response), ct).ConfigureAwait(false);
            if (requestLine[0] != "HEAD") await stream.WriteAsync(body, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The page went away (its context was closed): nothing to answer.
        }
    }

    private (int Status, string Type, byte[] Body) Lookup(string target)
    {
        var path = Uri.UnescapeDataString(target.Split('?', 2)[0].TrimStart('/'));
        if (_documents.TryGetValue(path, out var doc)) return (200, TypeOf(path), doc);
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && _mounts.TryGetValue(path[..slash], out var root))
        {
            var full = Path.GetFullPath(Path.Combine(root, path[(slash + 1)..]));
            // Never serve outside the mount (../ in a module's import).
            if (full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full))
                return (200, TypeOf(full), File.ReadAllBytes(full));
        }
        return (404, "text/plain", Encoding.UTF8.GetBytes($"not found: /{path}"));
    }

    // Module scripts need a JavaScript MIME type, or Chromium refuses to run them.
    private static string TypeOf(string path) => Path.GetExtension(path) switch
    {
        ".mjs" or ".js" => "text/javascript; charset=utf-8",
        ".html" => "text/html; charset=utf-8",
        ".json" => "application/json",
        ".css" => "text/css",
        ".map" => "application/json",
        _ => "application/octet-stream",
    };

    private static async Task<string?> ReadHeadAsync(NetworkStream stream, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        var length = 0;
        while (length < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
            if (n == 0) return null;
            length += n;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal)) return text;
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accept.ConfigureAwait(false);
        await Task.WhenAll(_open.Keys).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
