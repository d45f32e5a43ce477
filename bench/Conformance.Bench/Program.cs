// Benchmarks of the harness, each against a baseline measured in the same run (see bench/README.md).
//
//   dotnet run -c Release --project bench/Conformance.Bench -- list
//   dotnet run -c Release --project bench/Conformance.Bench -- <name> [args…]
//   dotnet run -c Release --project bench/Conformance.Bench -- all
//
// Without a name (or with a number first) it runs `harness`, as it always did.
using Conformance.Bench;

var root = FindRoot();
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };

var first = args.Length > 0 ? args[0] : "harness";
if (int.TryParse(first, out _)) first = "harness";
else args = args.Length > 0 ? args[1..] : args;

switch (first)
{
    case "list":
        foreach (var b in BenchmarkCatalog.All) Console.WriteLine($"{b.Name,-10} {b.Description}");
        return 0;
    case "all":
        foreach (var b in BenchmarkCatalog.All)
        {
            Console.WriteLine($"== {b.Name}: {b.Description}");
            await b.RunAsync(new BenchContext(root, [], Console.Out), cts.Token);
            Console.WriteLine();
        }
        return 0;
}
if (Conformance.Bench.Benchmarks.Hidden.TryRun(first, args, cts.Token) is { } hidden) return await hidden;
var bench = BenchmarkCatalog.Find(first);
if (bench is null)
{
    Console.Error.WriteLine($"unknown benchmark '{first}'; known: {string.Join(", ", BenchmarkCatalog.All.Select(b => b.Name))} (or list, all)");
    return 2;
}
Console.WriteLine($"== {bench.Name}: {bench.Description}");
await bench.RunAsync(new BenchContext(root, args, Console.Out), cts.Token);
return Environment.ExitCode; // 0, or what a benchmark set (stability: 1 when a verdict changed)

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln"))) return dir.FullName;
    throw new InvalidOperationException("run from inside the repository");
}
