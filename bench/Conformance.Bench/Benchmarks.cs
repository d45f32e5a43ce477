using Conformance.Bench.Benchmarks;

namespace Conformance.Bench;

/// <summary>The built-in benchmarks, one line each: add a file under Benchmarks/ and one entry here.</summary>
public static class BenchmarkCatalog
{
    public static IReadOnlyList<IBenchmark> All { get; } =
    [
        new HarnessOverheadBenchmark(),
        new BrowserBenchmark(),
        new ServerBenchmark(),
        new TimingBenchmark(),
        new ScaleBenchmark(),
    ];

    public static IBenchmark? Find(string name) => All.FirstOrDefault(b => b.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
