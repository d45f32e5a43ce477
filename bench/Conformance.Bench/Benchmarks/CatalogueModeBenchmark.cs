namespace Conformance.Bench.Benchmarks;

/// <summary>One mode of <see cref="CatalogueBench"/> (catalogue, bundled, stability) as a named benchmark; its exit code (1: a verdict changed) is the process's.</summary>
public sealed class CatalogueModeBenchmark(string name, string description) : IBenchmark
{
    public string Name => name;

    public string Description => description;

    public async Task RunAsync(BenchContext context, CancellationToken ct) =>
        Environment.ExitCode = await CatalogueBench.RunAsync(context.Root, [name, .. context.Args], ct).ConfigureAwait(false);
}
