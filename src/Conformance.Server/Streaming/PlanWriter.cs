using System.Net.Sockets;
using System.Text;
using Conformance.Core.Journal;
using Conformance.Core.Wire;
using Conformance.Server.Http;
using Conformance.Server.Journal;

namespace Conformance.Server.Streaming;

/// <summary>
/// Executes a <see cref="ResponsePlan"/> on a raw socket: one send per planned write (with
/// TCP_NODELAY, so a write is a segment and never waits for the next), and every end for real —
/// a FIN mid-body is <c>Shutdown(Send)</c>, a reset is linger 0 + close. Kestrel cannot end a
/// chunked body without its terminating chunk, which is why the server writes responses itself.
/// The plan is compiled once (<see cref="WirePlan"/>): sends are slices of its pre-framed buffer, and
/// the pauses are absolute deadlines from the response start on <see cref="DeadlineScheduler"/>.
/// </summary>
public sealed class PlanWriter(TimeProvider time)
{
    private static readonly byte[] LastChunk = "0\r\n\r\n"u8.ToArray();

    /// <summary>
    /// How late a send may complete before the schedule moves with it. Deadlines are absolute so timer
    /// lateness does not add up over a stream; but when a send itself is held up (a client that does not
    /// read), catching up would shrink the scripted pauses after it to nothing, so past this the remaining
    /// deadlines shift by the delay and every later pause keeps its length.
    /// </summary>
    public static readonly TimeSpan LateLimit = TimeSpan.FromMilliseconds(2);

    private readonly long _lateLimitTicks = (long)(LateLimit.TotalSeconds * time.TimestampFrequency);
    private readonly bool _precise = ReferenceEquals(time, TimeProvider.System);

    /// <summary>How long a stall or FIN waits for the client to give up before the server closes.</summary>
    public TimeSpan DefaultStall { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Writes the response. Returns true when the connection can carry another request.</summary>
    public async Task<bool> WriteAsync(
        SocketConnection conn,
        ResponsePlan plan,
        IReadOnlyList<KeyValuePair<string, string>> extraHeaders,
        ExchangeRecorder recorder,
        CancellationToken ct)
    {
        var wire = WirePlan.For(plan, time);
        using var clientGone = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var watcherStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watcher = WatchClientAsync(conn, recorder, clientGone, watcherStop.Token);
        try
        {
            return await WriteCoreAsync(conn, wire, extraHeaders, recorder, clientGone.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException && !ct.IsCancellationRequested)
        {
            // The client left (FIN/RST) while we were writing or waiting: that is evidence, not an error.
            recorder.ClientClosed();
            recorder.Ended(Ends.ClientClosed);
            return false;
        }
        finally
        {
            await watcherStop.CancelAsync().ConfigureAwait(false);
            try { await watcher.ConfigureAwait(false); } catch (OperationCanceledException) { }
            recorder.Seal();
        }
    }

    private async Task<bool> WriteCoreAsync(
        SocketConnection conn,
        WirePlan wire,
        IReadOnlyList<KeyValuePair<string, string>> extraHeaders,
        ExchangeRecorder recorder,
        CancellationToken ct)
    {
        var plan = wire.Plan;
        var head = BuildHead(plan, extraHeaders, time.GetUtcNow());
        recorder.ResponseStarted(plan.Status, plan.Framing, head, wire);
        // Deadlines count from here: the scripted pause before write i ends at anchor + DueTicks[i].
        var anchor = time.GetTimestamp();
        await conn.SendAsync(head, ct).ConfigureAwait(false);

        for (var i = 0; i < wire.Count; i++)
        {
            var due = anchor + wire.DueTicks[i];
            if (due > time.GetTimestamp()) await PauseUntilAsync(due, ct).ConfigureAwait(false);
            // The send loop is inline (no helper per write): this is the per-event path the server benchmark measures.
            var framed = wire.FramedWrite(i);
            var sentBytes = 0;
            try
            {
                while (sentBytes < framed.Length) sentBytes += await conn.Socket.SendAsync(framed[sentBytes..], SocketFlags.None, ct).ConfigureAwait(false);
            }
            catch
            {
                recorder.ShortWrite(i, sentBytes); // how far the write got before the client left or the socket failed
                throw;
            }
            var sent = time.GetTimestamp();
            recorder.Wrote(i, sent);
            if (sent - due > _lateLimitTicks) anchor += sent - due;
        }

        switch (plan.Ending.Kind)
        {
            case EndKind.Clean:
                return await EndCleanAsync(conn, plan, recorder, Ends.Clean, ct).ConfigureAwait(false);

            case EndKind.HoldOpen:
                await PauseUntilAsync(anchor + wire.EndingDueTicks, ct).ConfigureAwait(false);
                return await EndCleanAsync(conn, plan, recorder, Ends.HoldOpen, ct).ConfigureAwait(false);

            case EndKind.Fin:
                await PauseUntilAsync(anchor + wire.EndingDueTicks, ct).ConfigureAwait(false);
                conn.Socket.Shutdown(SocketShutdown.Send);
                recorder.Ended(Ends.Fin);
                await WaitForClientOrTimeoutAsync(TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
                return false;

            case EndKind.Reset:
                // An RST makes the peer's kernel drop bytes it has not read yet; a pause (ms) first lets a
                // scenario say "these bytes were delivered, then the connection died".
                await PauseUntilAsync(anchor + wire.EndingDueTicks, ct).ConfigureAwait(false);
                Reset(conn.Socket);
                recorder.Ended(Ends.Reset);
                return false;

            case EndKind.Stall:
                var stall = plan.Ending.Ms > 0 ? TimeSpan.FromMilliseconds(plan.Ending.Ms) : DefaultStall;
                await WaitForClientOrTimeoutAsync(stall, ct).ConfigureAwait(false);
                // Still there after the stall: the server gives up the way a dead upstream does.
                recorder.Ended(Ends.Stall);
                Reset(conn.Socket);
                return false;

            default:
                throw new InvalidOperationException($"unknown ending {plan.Ending.Kind}");
        }
    }

    /// <summary>Waits until the timestamp <paramref name="due"/>; returns at once when it has passed.</summary>
    private Task PauseUntilAsync(long due, CancellationToken ct)
    {
        if (_precise) return DeadlineScheduler.Shared.WaitUntilAsync(due, ct);
        var remaining = due - time.GetTimestamp();
        return remaining <= 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromSeconds((double)remaining / time.TimestampFrequency), time, ct);
    }

    private static async Task<bool> EndCleanAsync(SocketConnection conn, ResponsePlan plan, ExchangeRecorder recorder, string how, CancellationToken ct)
    {
        switch (plan.Framing)
        {
            case BodyFraming.Chunked:
                await conn.SendAsync(LastChunk, ct).ConfigureAwait(false);
                recorder.Ended(how);
                return true;
            case BodyFraming.ContentLength:
                recorder.Ended(how);
                return true;
            default:
                conn.Socket.Shutdown(SocketShutdown.Send);
                recorder.Ended(how);
                return false;
        }
    }

    private async Task WaitForClientOrTimeoutAsync(TimeSpan limit, CancellationToken clientGone)
    {
        try { await Task.Delay(limit, time, clientGone).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
    }

    private static async Task WatchClientAsync(SocketConnection conn, ExchangeRecorder recorder, CancellationTokenSource clientGone, CancellationToken stop)
    {
        await conn.WaitForClientCloseAsync(stop).ConfigureAwait(false);
        recorder.ClientClosed();
        await clientGone.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>TCP RST: linger on with a zero timeout makes close() abort the connection.</summary>
    internal static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException) { }
    }

    /// <param name="now">The send time: a dated header (<c>{"httpDateInSeconds": N}</c>) is computed from it.</param>
    internal static byte[] BuildHead(ResponsePlan plan, IReadOnlyList<KeyValuePair<string, string>> extraHeaders, DateTimeOffset now)
    {
        var sb = new StringBuilder();
        sb.Append("HTTP/1.1 ").Append(plan.Status).Append(' ').Append(plan.Reason ?? ReasonPhrases.For(plan.Status)).Append("\r\n");
        foreach (var (k, v) in plan.Headers) sb.Append(k).Append(": ").Append(v).Append("\r\n");
        foreach (var dated in plan.DatedHeaders) sb.Append(dated.Name).Append(": ").Append(dated.ValueAt(now)).Append("\r\n");
        bool Has(string name) => plan.Headers.Any(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            || plan.DatedHeaders.Any(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        switch (plan.Framing)
        {
            case BodyFraming.Chunked when !Has("Transfer-Encoding"):
                sb.Append("Transfer-Encoding: chunked\r\n");
                break;
            case BodyFraming.ContentLength when !Has("Content-Length"):
                sb.Append("Content-Length: ").Append(plan.Writes.Sum(w => w.Bytes.Length)).Append("\r\n");
                break;
            case BodyFraming.CloseDelimited when !Has("Connection"):
                sb.Append("Connection: close\r\n");
                break;
        }
        foreach (var (k, v) in extraHeaders)
            if (!Has(k)) sb.Append(k).Append(": ").Append(v).Append("\r\n");
        sb.Append("\r\n");
        return Encoding.Latin1.GetBytes(sb.ToString());
    }

    /// <summary>Chunk framing goes in the same send as the payload, so one write is one segment.</summary>
    internal static ReadOnlyMemory<byte> Frame(BodyFraming framing, ReadOnlyMemory<byte> payload)
    {
        if (framing != BodyFraming.Chunked) return payload;
        var size = Encoding.ASCII.GetBytes(payload.Length.ToString("x") + "\r\n");
        var framed = new byte[size.Length + payload.Length + 2];
        size.CopyTo(framed, 0);
        payload.Span.CopyTo(framed.AsSpan(size.Length));
        framed[^2] = (byte)'\r';
        framed[^1] = (byte)'\n';
        return framed;
    }
}
