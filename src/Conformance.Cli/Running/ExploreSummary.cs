using System.Text;
using Conformance.Runner.Exploring;

namespace Conformance.Cli.Running;

/// <summary>explore's console summary: per scenario what ran, then each finding with its minimal plan and where it was written.</summary>
public static class ExploreSummary
{
    public static string Render(ExploreResult result, string outDir)
    {
        var sb = new StringBuilder();
        var explored = result.Scenarios.Count(s => s.Explored);
        sb.AppendLine($"Explored {explored} of {result.Scenarios.Count} scenario(s) with {result.Runs} of {result.Budget} runs in {result.DurationMs / 1000:0.0} s (seed {result.Seed}): "
                      + (result.Findings.Count == 0 ? "nothing found." : $"{result.Findings.Count} finding(s)."));
        var width = Math.Max(8, result.Scenarios.Select(s => s.ScenarioId.Length).DefaultIfEmpty(8).Max());
        sb.AppendLine($"{"scenario".PadRight(width)}  plans  runs  own plan passes  found");
        sb.AppendLine($"{new string('-', width)}  -----  ----  ---------------  -----");
        foreach (var s in result.Scenarios)
        {
            var passes = s.PassingRules.Count + s.FailingRules.Count == 0 && !s.Explored ? "-" : $"{s.PassingRules.Count} rule(s)";
            sb.AppendLine($"{s.ScenarioId.PadRight(width)}  {s.Plans,5}  {s.Runs,4}  {passes,-15}  {(s.Findings.Count == 0 ? "-" : s.Findings.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))}"
                          + (s.Note is null ? "" : $"  ({s.Note})")
                          + (s.Flaky.Count == 0 ? "" : $"  flaky plans: {string.Join(", ", s.Flaky.Select(f => "#" + f))} (failed once, passed when run again)"));
        }
        for (var i = 0; i < result.Findings.Count; i++)
        {
            var f = result.Findings[i];
            sb.AppendLine();
            sb.AppendLine($"Finding {i + 1}: {f.OriginalId} › {f.Rule}: {f.Verdict}{(f.AlsoFails.Count == 0 ? "" : $" (also fails {string.Join(", ", f.AlsoFails)})")}");
            sb.AppendLine($"  found   plan #{f.PlanNumber}: {Short(f.Found)}");
            sb.AppendLine($"  minimal {f.Minimal}");
            sb.AppendLine($"  failed {f.Confirmed} runs; {f.ShrinkRuns} shrinking runs{(f.ShrinkSteps.Count == 0 ? "" : ": " + string.Join(", ", f.ShrinkSteps))}");
            if (f.Note is not null) sb.AppendLine($"  note: {f.Note}");
            sb.AppendLine($"  {f.Verdict}: {(f.Reason.Length > 200 ? f.Reason[..200] + "…" : f.Reason)}");
            sb.AppendLine($"  wrote {Path.GetFullPath(Path.Combine(outDir, f.Path))} ({(f.Form == "steps" ? "the original's steps" : "raw steps: each event's exact bytes")})");
        }
        if (result.Findings.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine($"Replay: ./run.sh run --client \"{result.Client.Target}\" --scenarios {Path.Combine(outDir, "scenarios")}");
        }
        return sb.ToString();
    }

    private static string Short(PlanSummary p) =>
        $"{p.Offsets.Count} cut{(p.Offsets.Count == 1 ? "" : "s")}, {(p.Events == p.OfEvents ? $"all {p.Events} events" : $"{p.Events} of {p.OfEvents} events")}, lines {p.LineEndings}, {p.Writes} writes";
}
