// An HTTP hook installed through the SDK's documented extension point (Anthropic: ClientOptions.Handlers,
// which wrap the SDK's own HttpClient, so its transport defaults stay; OpenAI: the HttpClient of an
// OpenAIClientOptions.Transport built like System.ClientModel's default one). It adds what a user would
// add, and nothing to parsing:
// - optionally a `retry` line before attempt n ≥ 2 is sent, so the SDK's own retries are visible;
// - optionally an idle timeout on the response body: a read that brings no bytes for the timeout fails
//   with IdleTimeoutException and closes the connection. Its timer runs only while a body read is
//   pending, never while the request is being sent: the SDKs' own timeouts also count connection set-up
//   and the first request's JIT, which on a loaded machine made a verdict depend on the load.
namespace Conformance.SdkAdapters;

internal sealed class HttpObserver(int? idleTimeoutMs, bool observeRetries = true, IObservationOutput? output = null) : DelegatingHandler
{
    private int _attempts;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        if (observeRetries && attempt > 1) (output ?? Output.Stdout).Retry(attempt);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (idleTimeoutMs is not { } ms || !response.IsSuccessStatusCode) return response;

        var inner = response.Content;
        var body = await inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var content = new StreamContent(new IdleTimeoutStream(body, TimeSpan.FromMilliseconds(ms)));
        foreach (var h in inner.Headers) content.Headers.TryAddWithoutValidation(h.Key, h.Value);
        response.Content = content; // disposing the new content disposes the stream, which disposes the old body
        return response;
    }
}

/// <summary>No bytes for <see cref="IdleTimeoutStream"/>'s timeout while reading.</summary>
internal sealed class IdleTimeoutException(TimeSpan timeout)
    : TimeoutException($"no bytes for {timeout.TotalMilliseconds:0} ms");

/// <summary>A read-only stream whose every read must complete within the timeout (an idle, not total, timeout).</summary>
internal sealed class IdleTimeoutStream(Stream inner, TimeSpan timeout) : Stream
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(timeout);
        try
        {
            return await inner.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            inner.Dispose(); // close the connection, as a timed-out client must
            throw new IdleTimeoutException(timeout);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
