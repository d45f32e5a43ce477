using System.Text;
using Conformance.Core.Gating;
using Conformance.Core.Results;
using Conformance.Core.Scoring;

namespace Conformance.Core.Reports;

/// <summary>
/// summary.md: a compact table for a CI job summary (GitHub $GITHUB_STEP_SUMMARY, GitLab/Azure markdown
/// panes): per client the score and verdict counts, then each failing rule on one line.
/// Client text is escaped: job summaries render inline HTML, so &lt; &gt; &amp; | ` are neutralised.
/// </summary>
public sealed class MarkdownReporter : IReporter
{
    /// <summary>Failing lines listed per client before "… and N more".</summary>
    public const int MaxLinesPerClient = 50;

    public string Name => "markdown";
    public string FileName => "summary.md";

    public void Write(RunResult run, Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var bytes = new UTF8Encoding(false).GetBytes(Render(run));
        output.Write(bytes);
    }

    public static string Render(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var scores = GateEvaluator.Scores(run);
        var sb = new StringBuilder();
        sb.Append("## Conformance\n\n");
        sb.Append("| Client | Score (MUST) | PASS | FAIL | NON-STRICT | INFO | SKIPPED | ADAPTER-ERROR | TIMEOUT |\n");
        sb.Append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var (name, score) in scores)
        {
            var v = run.Cases.Where(c => c.Client == name).SelectMany(c => c.Verdicts).ToList();
            int N(Verdict k) => v.Count(x => x.Verdict == k);
            sb.Append("| ").Append(Cell(name)).Append(" | ").Append(score.ToString())
              .Append(" | ").Append(N(Verdict.Pass)).Append(" | ").Append(N(Verdict.Fail))
              .Append(" | ").Append(N(Verdict.NonStrict)).Append(" | ").Append(N(Verdict.Info)).Append(" | ").Append(N(Verdict.Skipped))
              .Append(" | ").Append(N(Verdict.AdapterError)).Append(" | ").Append(N(Verdict.Timeout)).Append(" |\n");
        }

        foreach (var name in scores.Keys)
        {
            var failing = run.Cases.Where(c => c.Client == name)
                .SelectMany(c => c.Verdicts.Where(v => v.Verdict.IsFailure() || v.Verdict is Verdict.NonStrict or Verdict.Info)
                    .Select(v => (Case: c, Verdict: v)))
                .ToList();
            sb.Append("\n### ").Append(Cell(name)).Append('\n');
            var notRun = ReportText.NotRunLines(run, name);
            if (notRun.Count > 0) sb.Append('\n').Append(string.Concat(notRun.Select(l => "- " + Cell(l) + "\n")));
            if (failing.Count == 0) { sb.Append("\nEvery applicable rule passed.\n"); continue; }
            sb.Append('\n');
            foreach (var (c, v) in failing.Take(MaxLinesPerClient))
                sb.Append("- **").Append(v.Verdict.Label()).Append("** ")
                  .Append(Code(c.ScenarioId)).Append(" › ").Append(Code(v.RuleId)).Append(" — ")
                  .Append(Cell(ReportText.OneLine(v.Reason))).Append('\n');
            if (failing.Count > MaxLinesPerClient)
                sb.Append("- … and ").Append(failing.Count - MaxLinesPerClient).Append(" more (see index.html)\n");
        }
        return sb.ToString();
    }

    /// <summary>Markdown- and HTML-inert text for a table cell or list item.</summary>
    internal static string Cell(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var ch in ReportText.XmlSafe(s))
        {
            switch (ch)
            {
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '|': sb.Append("\\|"); break;
                case '`' or '*' or '_' or '[' or ']' or '\\': sb.Append('\\').Append(ch); break;
                case '\r' or '\n': sb.Append(' '); break;
                default: sb.Append(ch); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>An id in code style; ids never contain backticks, but a hostile one falls back to escaped text.</summary>
    private static string Code(string s) =>
        s.Any(ch => ch is '`' or '|' or '<' or '>' or '&' or '\r' or '\n') ? Cell(s) : $"`{s}`";
}
