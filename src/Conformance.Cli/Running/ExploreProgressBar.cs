using Conformance.Runner.Exploring;

namespace Conformance.Cli.Running;

/// <summary>explore's progress line: runs against the budget, findings, and what is being done to which scenario. Plain lines when redirected.</summary>
public sealed class ExploreProgressBar(TextWriter output, bool interactive) : IProgress<ExploreProgress>
{
    private readonly object _gate = new();
    private int _lastPercentPrinted = -10;
    private string _lastScenario = "";
    private bool _open;

    public void Report(ExploreProgress p)
    {
        lock (_gate)
        {
            var percent = p.Budget == 0 ? 100 : Math.Min(100, p.Runs * 100 / p.Budget);
            var counts = $"{p.Runs}/{p.Budget} runs  found {p.Findings}  scenario {p.ScenarioNumber}/{p.Scenarios}";
            if (interactive)
            {
                const int width = 28;
                var filled = width * percent / 100;
                var line = $"[{new string('#', filled)}{new string('.', width - filled)}] {counts}  {p.Phase} {p.ScenarioId}";
                output.Write("\r" + (line.Length > 118 ? line[..118] : line.PadRight(118)));
                _open = true;
            }
            else if (percent >= _lastPercentPrinted + 10 || p.ScenarioId != _lastScenario && p.Phase == "own plan")
            {
                _lastPercentPrinted = Math.Max(_lastPercentPrinted, percent - percent % 10);
                output.WriteLine($"  {percent,3}%  {counts}  {p.Phase} {p.ScenarioId}");
            }
            _lastScenario = p.ScenarioId;
        }
    }

    /// <summary>Ends the progress line (call once the exploration is over).</summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (_open) output.WriteLine();
            _open = false;
        }
    }
}
