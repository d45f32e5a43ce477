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
        new DelegateBenchmark("catalogue", "node-careful on the whole catalogue at the default parallelism and at 1,2,4,8,16: wall time, CPU per case, verdict changes", CatalogueMode("catalogue")),
        new DelegateBenchmark("bundled", "the main job's 20 clients and the bundled five on the whole catalogue: wall time each", CatalogueMode("bundled")),
        new DelegateBenchmark("stability", "the main job's clients N times (--runs N, --hogs K busy loops beside it): verdict changes against the first run", CatalogueMode("stability")),
        new DelegateBenchmark("service", "dotnet-careful in service mode against per-process, per case and whole run, with verdict differences", ServiceModeBench.RunAsync),
        new DelegateBenchmark("browser-cancel", "client.cancel.closes-connection's lag for fetch-careful over repeated runs of the cancellation scenarios", BrowserCancelBench.RunAsync),
    ];

    /// <summary>One mode of <see cref="CatalogueBench"/>; its exit code (1: a verdict changed) becomes the process's.</summary>
    private static Func<string, string[], CancellationToken, Task> CatalogueMode(string mode) =>
        async (root, args, ct) => Environment.ExitCode = await CatalogueBench.RunAsync(root, [mode, .. args], ct).ConfigureAwait(false);

    public static IBenchmark? Find(string name) => All.FirstOrDefault(b => b.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
