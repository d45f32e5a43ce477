namespace Conformance.Bench;

/// <summary>What a benchmark gets: the repository root, its own arguments (after its name) and where to print.</summary>
public sealed record BenchContext(string Root, IReadOnlyList<string> Args, TextWriter Out)
{
    /// <summary>The i-th argument as an integer, or <paramref name="fallback"/> when it is absent.</summary>
    public int IntArg(int i, int fallback) =>
        i < Args.Count ? int.TryParse(Args[i], out var n) ? n : throw new ArgumentException($"argument {i + 1} ('{Args[i]}') is not an integer") : fallback;

    /// <summary>Prints a figure, its same-run baseline and the ratio on one line each, aligned.</summary>
    public void Ratio(string what, double figure, double baseline, string unit, string format = "0.0")
    {
        Out.WriteLine($"  {what}: {figure.ToString(format)} {unit} vs baseline {baseline.ToString(format)} {unit}: ratio {(baseline == 0 ? double.NaN : figure / baseline):0.00}x");
    }
}
