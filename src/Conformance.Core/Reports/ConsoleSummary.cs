using System.Text;
using Conformance.Core.Gating;
using Conformance.Core.Results;
using Conformance.Core.Scoring;

namespace Conformance.Core.Reports;

/// <summary>
/// The plain-text summary the CLI prints at the end of a run: per client a table of family × verdict
/// counts and the score, then (when a gate outcome is given) the gate's decision and messages.
/// </summary>
public static class ConsoleSummary
{
    private static readonly Verdict[] Columns =
        [Verdict.Pass, Verdict.Fail, Verdict.NonStrict, Verdict.Info, Verdict.Skipped, Verdict.AdapterError, Verdict.Timeout];

    private static bool Any(RunResult run, Verdict v) => run.Cases.Any(c => c.Verdicts.Any(x => x.Verdict == v));

    public static string Render(RunResult run, GateOutcome? gate = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var scores = gate?.Scores ?? GateEvaluator.Scores(run);
        var sb = new StringBuilder();
        // So do INFO (an INFO rule not met) and NOT RUN: a column only when some verdict is one, so a full run's table stays as it was.
        var columns = Columns.Where(c => c != Verdict.Info || Any(run, Verdict.Info)).ToArray();
        if (Any(run, Verdict.NotRun)) columns = [.. columns, Verdict.NotRun];
        foreach (var (name, score) in scores)
        {
            var cases = run.Cases.Where(c => c.Client == name).ToList();
            var families = cases.Select(c => c.Family).Distinct(StringComparer.Ordinal).ToList();
            sb.Append(Plain(name)).Append(" — score ").Append(score.ToString()).Append('\n');

            var header = new[] { "family" }.Concat(columns.Select(c => c.Label())).ToArray();
            var rows = families.Select(f => Row(f, cases.Where(c => c.Family == f), columns)).ToList();
            rows.Add(Row("total", cases, columns));
            var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
            Line(sb, header, widths);
            sb.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
            for (var i = 0; i < rows.Count; i++)
            {
                if (i == rows.Count - 1) sb.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
                Line(sb, rows[i], widths);
            }
            foreach (var line in ReportText.NotRunLines(run, name)) sb.Append("  ").Append(Plain(line)).Append('\n');
            sb.Append('\n');
        }
        if (gate is not null)
        {
            foreach (var m in gate.Messages) sb.Append("  ").Append(Plain(m)).Append('\n');
            sb.Append("exit ").Append(gate.ExitCode).Append(": ").Append(gate.ExitCode switch
            {
                GateOutcome.Pass => "pass",
                GateOutcome.Failed => "failed",
                GateOutcome.StaleBaseline => "stale baseline",
                _ => "error",
            }).Append('\n');
        }
        return sb.ToString();
    }

    private static string[] Row(string label, IEnumerable<CaseResult> cases, Verdict[] columns)
    {
        var verdicts = cases.SelectMany(c => c.Verdicts).ToList();
        return [Plain(label), .. columns.Select(k => verdicts.Count(v => v.Verdict == k).ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }

    private static void Line(StringBuilder sb, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) sb.Append("  ");
            // Names left, counts right.
            sb.Append(i == 0 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
        }
        sb.Append('\n');
    }

    /// <summary>No terminal escapes from client-chosen names: a client must not be able to recolour or clear the CI log.</summary>
    private static string Plain(string s) => ReportText.Flatten(ReportText.Visible(s.Replace("\n", " ", StringComparison.Ordinal)));
}
