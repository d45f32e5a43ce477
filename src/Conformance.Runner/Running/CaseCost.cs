using System.Globalization;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring.Checks;
using Conformance.Core.Wire;

namespace Conformance.Runner.Running;

/// <summary>
/// How long a case of a scenario waits, known before it runs: the scripted delays, holds and stalls of every
/// response it is served, the Retry-After waits between them, a cancelling client's linger, bounded by the
/// client's own budget. Only an ordering key (the runner starts the longest cases first so the run does not end
/// on a late long one), never a limit or a verdict.
/// </summary>
public static class CaseCost
{
    public static double EstimateMs(Scenario scenario)
    {
        var client = scenario.Client;
        var attempts = Math.Max(scenario.Responses.Count, 1 + (client.Reconnects ?? 0));
        double total = 0;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            ResponsePlan plan;
            try { plan = ScenarioCompiler.Compile(scenario, attempt); }
            catch (Exception) { continue; } // an ordering key only: the case itself reports what is wrong with its plan
            total += plan.Writes.Sum(w => (double)w.DelayMs);
            var end = plan.Ending.Ms;
            // A stall or a hold lasts until the client gives up: its idle timeout bounds the wait.
            if (plan.Ending.Kind is EndKind.Stall or EndKind.HoldOpen && client.IdleTimeoutMs is { } idle) end = Math.Min(end, idle);
            total += end;
            if (attempt < attempts) total += RetryAfterMs(plan);
        }
        if (client.TotalTimeoutMs is { } budget) total = Math.Min(total, budget);
        if (client.CancelAfter is not null) total += CancelCheck.LingerMs;
        return total;
    }

    /// <summary>The wait a Retry-After (delta-seconds or HTTP-date) or retry-after-ms header asks for; 0 when none.</summary>
    private static double RetryAfterMs(ResponsePlan plan)
    {
        double ms = plan.DatedHeaders.Select(d => d.InSeconds * 1000.0).DefaultIfEmpty(0).Max();
        foreach (var (name, value) in plan.Headers)
        {
            if (string.Equals(name, "retry-after-ms", StringComparison.OrdinalIgnoreCase) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var m)) ms = Math.Max(ms, m);
            else if (string.Equals(name, "retry-after", StringComparison.OrdinalIgnoreCase) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s)) ms = Math.Max(ms, s * 1000);
        }
        return Math.Min(ms, 10_000); // clients cap what they honour; an absurd header must not reorder the run
    }
}
