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
        new CatalogueModeBenchmark("catalogue", "node-careful on the whole catalogue at the default parallelism and at 1,2,4,8,16: wall time, CPU per case, verdict changes"),
        new CatalogueModeBenchmark("bundled", "the main job's 20 clients and the bundled five on the whole catalogue: wall time each"),
        new CatalogueModeBenchmark("stability", "the main job's clients N times (--runs N, --hogs K busy loops beside it): verdict changes against the first run"),
        new DelegateBenchmark("service", "dotnet-careful in service mode against per-process, per case and whole run, with verdict differences", ServiceModeBench.RunAsync),
        new DelegateBenchmark("browser-cancel", "client.cancel.closes-connection's lag for fetch-careful over repeated runs of the cancellation scenarios", BrowserCancelBench.RunAsync),
    ];

    public static IBenchmark? Find(string name) => All.FirstOrDefault(b => b.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
