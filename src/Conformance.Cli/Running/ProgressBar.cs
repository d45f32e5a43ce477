using Conformance.Runner.Running;

namespace Conformance.Cli.Running;

/// <summary>The console progress line: a bar, pass/fail/skip counts and the case just finished. Plain lines when output is redirected (CI logs).</summary>
public sealed class ProgressBar(TextWriter output, bool interactive) : IProgress<CaseProgress>
{
    private readonly object _gate = new();
    private int _lastPercentPrinted = -10;

    public void Report(CaseProgress p)
    {
        lock (_gate)
        {
            var percent = p.Total == 0 ? 100 : p.Done * 100 / p.Total;
            var counts = $"{p.Done}/{p.Total}  pass {p.Passed}  fail {p.Failed}{(p.NonStrict > 0 ? $"  non-strict {p.NonStrict}" : "")}  skip {p.Skipped}{(p.NotRun > 0 ? $"  not run {p.NotRun}" : "")}";
            if (interactive)
            {
                const int width = 28;
                var filled = width * percent / 100;
                var line = $"[{new string('#', filled)}{new string('.', width - filled)}] {counts}  {p.Last.Client} {p.Last.ScenarioId}";
                output.Write("\r" + (line.Length > 118 ? line[..118] : line.PadRight(118)));
                if (p.Done == p.Total) output.WriteLine();
            }
            else if (percent >= _lastPercentPrinted + 10 || p.Done == p.Total)
            {
                _lastPercentPrinted = percent - percent % 10;
                output.WriteLine($"  {percent,3}%  {counts}");
            }
        }
    }
}
