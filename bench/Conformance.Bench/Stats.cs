namespace Conformance.Bench;

internal static class Stats
{
    public static double Median(IEnumerable<double> xs) => Percentile(xs, 50);

    /// <summary>Nearest-rank percentile (p in 0..100); NaN for no values.</summary>
    public static double Percentile(IEnumerable<double> xs, double p)
    {
        var s = xs.Order().ToArray();
        if (s.Length == 0) return double.NaN;
        if (p == 50 && s.Length % 2 == 0) return (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
        var rank = (int)Math.Ceiling(p / 100 * s.Length) - 1;
        return s[Math.Clamp(rank, 0, s.Length - 1)];
    }
}
