using System.Text.RegularExpressions;

namespace Conformance.Runner.Running;

public sealed record RunOptions
{
    /// <summary>Cases run at once (default: the number of cores).</summary>
    public int Parallel { get; init; } = Environment.ProcessorCount;

    /// <summary>A client still running after this long is killed and scored TIMEOUT.</summary>
    public TimeSpan CaseTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Glob over scenario ids (<c>*</c> any run of characters, <c>?</c> one); several separated by commas.</summary>
    public string? Filter { get; init; }

    public string ApiKey { get; init; } = "sk-conformance-test";

    public bool Matches(string scenarioId)
    {
        if (string.IsNullOrWhiteSpace(Filter)) return true;
        return Filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(glob =>
            Regex.IsMatch(scenarioId, "^" + Regex.Escape(glob).Replace("\\*", ".*").Replace("\\?", ".") + "$"));
    }
}
