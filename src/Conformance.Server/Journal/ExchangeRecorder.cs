using Conformance.Core.Journal;
using Conformance.Core.Wire;
using Conformance.Server.Streaming;

namespace Conformance.Server.Journal;

/// <summary>
/// Records one request/response as it happens. The writer records against its <see cref="WirePlan"/>: a write
/// is its index and the time its send returned (no copy: the journal's bytes are the plan's own arrays), so
/// recording costs no allocation per write. <see cref="Snapshot"/> turns that into the journal records.
/// Thread-safe: the writer and the close watcher both report.
/// </summary>
public sealed class ExchangeRecorder(int attempt, JournalRequest request, long startTimestamp, TimeProvider time)
{
    private readonly object _gate = new();
    private int _status;
    private BodyFraming _framing;
    private byte[]? _head;
    private WirePlan? _plan;
    private long[] _sentAt = [];
    private int _sent; // writes [0, _sent) went out in full
    private JournalShortWrite? _short;
    private string? _ended;
    private double _endedAtMs;
    private double? _clientClosedAtMs;
    private bool _complete;
    private bool _sealed;
    private JournalExchange? _final;

    public int Attempt => attempt;

    public double ElapsedMs => time.GetElapsedTime(startTimestamp).TotalMilliseconds;

    /// <summary>A response was started and has ended (the snapshot's <c>Response is { Complete: true }</c>).</summary>
    public bool ResponseComplete { get { lock (_gate) return _head is not null && _complete; } }

    /// <summary>How the response ended so far ("in-progress" until it does), for the exchange log.</summary>
    public string EndedAs { get { lock (_gate) return _ended ?? "in-progress"; } }

    /// <summary>Body bytes sent in full writes, for the exchange log.</summary>
    public int BodyBytesSent { get { lock (_gate) return _plan is null || _sent == 0 ? 0 : _plan.Offsets[_sent - 1] + _plan.Payloads[_sent - 1].Length; } }

    public void ResponseStarted(int status, BodyFraming framing, byte[] head, WirePlan plan)
    {
        lock (_gate) { _status = status; _framing = framing; _head = head; _plan = plan; _sentAt = new long[Math.Min(plan.Count, 16)]; }
    }

    /// <summary>Write <paramref name="index"/> of the plan went out in full; its send returned at <paramref name="timestamp"/>.</summary>
    public void Wrote(int index, long timestamp)
    {
        lock (_gate)
        {
            // Grown as writes happen, not sized to the plan: an idle stream planned for hours of heartbeats stays small.
            if (index >= _sentAt.Length) Array.Resize(ref _sentAt, Math.Min(_plan!.Count, Math.Max(16, _sentAt.Length * 2)));
            _sentAt[index] = timestamp;
            _sent = index + 1;
        }
    }

    /// <summary>Write <paramref name="index"/> went out only in part (<paramref name="sentBytes"/> of its framed bytes) before the send failed.</summary>
    public void ShortWrite(int index, int sentBytes)
    {
        var at = Math.Round(ElapsedMs, 3);
        lock (_gate)
            if (_plan is not null) _short ??= new JournalShortWrite(index, _plan.Offsets[index], _plan.Payloads[index].Length, sentBytes, at);
    }

    public void ClientClosed()
    {
        var at = ElapsedMs;
        lock (_gate) _clientClosedAtMs ??= Math.Round(at, 3);
    }

    public void Ended(string how)
    {
        var at = ElapsedMs;
        lock (_gate)
        {
            if (_ended is not null) return;
            _ended = how;
            _endedAtMs = Math.Round(at, 3);
            _complete = true;
        }
    }

    /// <summary>The writer is done with this exchange (its close watcher too): the record is final.</summary>
    public void Seal()
    {
        lock (_gate) _sealed = true;
    }

    public JournalExchange Snapshot()
    {
        lock (_gate)
        {
            if (_final is not null) return _final;
            var snapshot = new JournalExchange
            {
                Attempt = attempt,
                Request = request,
                Response = _head is null
                    ? null
                    : new JournalResponse
                    {
                        Status = _status,
                        Framing = _framing,
                        Head = _head,
                        Writes = Writes(),
                        Ended = _ended ?? "in-progress",
                        EndedAtMs = _endedAtMs,
                        ClientClosedAtMs = _clientClosedAtMs,
                        Complete = _complete,
                        PlannedWrites = _plan?.Count ?? 0,
                        ShortWrite = _short,
                    },
            };
            if (_sealed) _final = snapshot; // nothing changes any more: later snapshots (the runner polls) reuse this one
            return snapshot;
        }
    }

    private JournalWrite[] Writes()
    {
        var plan = _plan!;
        var writes = new List<JournalWrite>(_sent);
        for (var i = 0; i < _sent; i++)
        {
            if (plan.Payloads[i].Length == 0) continue; // a pause with no bytes: nothing was sent
            var at = Math.Round(time.GetElapsedTime(startTimestamp, _sentAt[i]).TotalMilliseconds, 3);
            writes.Add(new JournalWrite(plan.Offsets[i], plan.Payloads[i].Length, at, plan.Payloads[i]));
        }
        return [.. writes];
    }
}
