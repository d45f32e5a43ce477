using Conformance.Core.Journal;

namespace Conformance.Server.Journal;

/// <summary>One case: its own attempt counter and the exchanges served under it.</summary>
public sealed class CaseRecorder(string caseId, string scenarioId, TimeProvider time)
{
    private readonly object _gate = new();
    private readonly List<ExchangeRecorder> _exchanges = [];

    public string CaseId => caseId;
    public string ScenarioId => scenarioId;

    /// <summary>Monotonic timestamp of the last request, used to expire implicit cases.</summary>
    public long LastActivity { get; private set; } = time.GetTimestamp();

    public int Attempts { get { lock (_gate) return _exchanges.Count; } }

    /// <summary>Starts the next attempt (1-based) for a request that just arrived.</summary>
    public ExchangeRecorder Begin(JournalRequest request, long startTimestamp)
    {
        lock (_gate)
        {
            LastActivity = time.GetTimestamp();
            var exchange = new ExchangeRecorder(_exchanges.Count + 1, request, startTimestamp, time);
            _exchanges.Add(exchange);
            return exchange;
        }
    }

    /// <summary>Every response of the case has ended (what <see cref="Snapshot"/> would say of each exchange's <c>Complete</c>).</summary>
    public bool AllComplete
    {
        get { lock (_gate) return _exchanges.TrueForAll(e => e.ResponseComplete); }
    }

    public CaseJournal Snapshot()
    {
        lock (_gate)
            return new CaseJournal { CaseId = caseId, ScenarioId = scenarioId, Exchanges = [.. _exchanges.Select(e => e.Snapshot())] };
    }
}
