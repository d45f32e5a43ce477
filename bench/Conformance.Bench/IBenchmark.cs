namespace Conformance.Bench;

/// <summary>
/// One measurement, run by name (<c>dotnet run -c Release --project bench/Conformance.Bench -- {Name}</c>).
/// Every benchmark prints its figure, the baseline measured in the same run, and their ratio: the machine is
/// shared, so only the ratio means something from one run to the next. Not a test: nothing here asserts a time.
/// </summary>
public interface IBenchmark
{
    /// <summary>Stable name, the first argument that selects it.</summary>
    string Name { get; }

    /// <summary>One line for <c>-- list</c>: what is measured against what.</summary>
    string Description { get; }

    Task RunAsync(BenchContext context, CancellationToken ct);
}
