namespace Conformance.Bench.Benchmarks;

/// <summary>A benchmark written as one static entry point (<c>RunAsync(root, args, ct)</c>), registered by name.</summary>
public sealed class DelegateBenchmark(string name, string description, Func<string, string[], CancellationToken, Task> run) : IBenchmark
{
    public string Name => name;

    public string Description => description;

    public Task RunAsync(BenchContext context, CancellationToken ct) => run(context.Root, [.. context.Args], ct);
}
