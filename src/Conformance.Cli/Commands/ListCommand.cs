using Conformance.Core.Scenarios;

namespace Conformance.Cli.Commands;

/// <summary>`list`: the scenario catalogue (id, title, rules), grouped by family.</summary>
public sealed class ListCommand : ICommand
{
    public string Name => "list";
    public string Summary => "print the scenario catalogue (id, title, rules)";
    public string Usage => "usage: conformance list [--scenarios DIR]";

    public Task<int> RunAsync(ArgReader args, Console2 console, CancellationToken ct)
    {
        var dir = args.Value("scenarios") ?? RepoPaths.Scenarios;
        args.RejectUnknown();
        var result = ScenarioCatalog.LoadDirectory(dir);
        foreach (var family in result.Catalog.All.GroupBy(s => s.Family).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            console.Out.WriteLine($"{family.Key} ({family.Count()})");
            foreach (var s in family.OrderBy(s => s.Id, StringComparer.Ordinal))
            {
                console.Out.WriteLine($"  {s.Id}");
                console.Out.WriteLine($"      {s.Title}");
                console.Out.WriteLine($"      {s.Api.Name}  rules: {string.Join(", ", s.Rules)}");
            }
        }
        console.Out.WriteLine($"{result.Catalog.All.Count} scenarios.");
        foreach (var e in result.Errors) console.Err.WriteLine($"invalid: {e}");
        return Task.FromResult(result.Errors.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed);
    }
}
