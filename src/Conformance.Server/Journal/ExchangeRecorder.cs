using Conformance.Core.Journal;
using Conformance.Core.Wire;

namespace Conformance.Server.Journal;

/// <summary>Records one request/response as it happens. Thread-safe: the writer and the close watcher both report.</summary>
public sealed class ExchangeRecorder(int attempt, JournalRequest request, long startTimestamp, TimeProvider time)
{
    private readonly object _gate = new();
    private readonly List<JournalWrite> _writes = [];
    private int _status;
    private BodyFraming _framing;
    private byte[]? _head;
    private string? _ended;
    private double _endedAtMs;
    private double? _clientClosedAtMs;
    private bool _complete;

    public int Attempt => attempt;

    public double ElapsedMs => time.GetElapsedTime(startTimestamp).TotalMilliseconds;

    public void ResponseStarted(int status, BodyFraming framing, byte[] head)
    {
        lock (_gate) { _status = status; _framing = framing; _head = head; }
    }

    public void Wrote(int offset, ReadOnlySpan<byte> bytes)
    {
        var at = ElapsedMs;
        var copy = bytes.ToArray();
        lock (_gate) _writes.Add(new JournalWrite(offset, copy.Length, Math.Round(at, 3), copy));
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

    public JournalExchange Snapshot()
    {
        lock (_gate)
        {
            return new JournalExchange
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
                        Writes = [.. _writes],
                        Ended = _ended ?? "in-progress",
                        EndedAtMs = _endedAtMs,
                        ClientClosedAtMs = _clientClosedAtMs,
                        Complete = _complete,
                    },
            };
        }
    }
}
