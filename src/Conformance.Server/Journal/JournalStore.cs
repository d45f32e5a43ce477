using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Conformance.Server.Journal;

/// <summary>
/// All cases the server knows: runner-allocated ones (<c>/c/{caseId}</c>) and implicit per-scenario
/// ones for <c>/s/{id}</c> and model routing. Bounded: past <see cref="MaxCases"/> the oldest are dropped,
/// so a long <c>serve</c> session or a load test cannot grow memory without limit.
/// </summary>
public sealed class JournalStore(TimeProvider time, int maxCases = 4096)
{
    /// <summary>An implicit case idle this long starts again at attempt 1 (so a second `curl` replays the script).</summary>
    public static readonly TimeSpan ImplicitCaseIdleReset = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, CaseRecorder> _cases = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly object _implicitGate = new();

    public int MaxCases => maxCases;

    public int Count => _cases.Count;

    public CaseRecorder Allocate(string scenarioId)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        return Add(new CaseRecorder(id, scenarioId, time));
    }

    public CaseRecorder? Find(string caseId) => _cases.GetValueOrDefault(caseId);

    public IReadOnlyList<CaseRecorder> All => [.. _cases.Values];

    public bool Release(string caseId) => _cases.TryRemove(caseId, out _);

    /// <summary>The implicit case of a scenario reached without a case id; restarts after <see cref="ImplicitCaseIdleReset"/>.</summary>
    public CaseRecorder Implicit(string scenarioId)
    {
        var key = "s-" + scenarioId;
        lock (_implicitGate)
        {
            if (_cases.TryGetValue(key, out var existing) && time.GetElapsedTime(existing.LastActivity) < ImplicitCaseIdleReset)
                return existing;
            var fresh = new CaseRecorder(key, scenarioId, time);
            _cases[key] = fresh;
            _order.Enqueue(key);
            Trim();
            return fresh;
        }
    }

    private CaseRecorder Add(CaseRecorder recorder)
    {
        _cases[recorder.CaseId] = recorder;
        _order.Enqueue(recorder.CaseId);
        Trim();
        return recorder;
    }

    private void Trim()
    {
        while (_cases.Count > maxCases && _order.TryDequeue(out var oldest))
            _cases.TryRemove(oldest, out _);
    }
}
