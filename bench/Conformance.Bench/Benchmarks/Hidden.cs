namespace Conformance.Bench.Benchmarks;

/// <summary>Entry points a benchmark starts in a child process of its own (not listed: not benchmarks).</summary>
internal static class Hidden
{
    public static Task<int>? TryRun(string name, IReadOnlyList<string> args, CancellationToken ct) => name switch
    {
        "scale-server" => ScaleBenchmark.ServeAsync(args, ct),
        _ => null,
    };
}
