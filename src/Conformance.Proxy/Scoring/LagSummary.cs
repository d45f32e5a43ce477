using Conformance.Core.Observations;
using Conformance.Core.Results;

namespace Conformance.Proxy.Scoring;

/// <summary>Per-event lag over a run's streaming cases (the writes of the cases that check proxy.no-buffering).</summary>
public sealed record LagSummary(int Events, double MedianMs, double MaxMs, int Missing)
{
    public static LagSummary Of(RunResult run, string scenarioId = "proxy.buffering.five-events-200ms")
    {
        var c = run.Cases.FirstOrDefault(x => x.ScenarioId == scenarioId);
        var lags = c is null ? [] : c.Observations.OfType<ChunkObservation>()
            .Select(o => o.Data.TryGetProperty("lagMs", out var l) && l.ValueKind == System.Text.Json.JsonValueKind.Number ? l.GetDouble() : double.NaN)
            .Where(l => !double.IsNaN(l)).ToList();
        var written = c?.Journal.Exchanges.FirstOrDefault()?.Response?.Writes.Count ?? 0;
        return new LagSummary(lags.Count, Math.Round(ProxyScorer.Median(lags), 1), lags.Count == 0 ? 0 : Math.Round(lags.Max(), 1), written - lags.Count);
    }

    public override string ToString() => $"{Events} events: median {MedianMs:0.#} ms, max {MaxMs:0.#} ms{(Missing > 0 ? $", {Missing} never arrived" : "")}";
}
