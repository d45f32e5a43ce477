using System.CommandLine;
using Conformance.Core.Scenarios;

namespace Conformance.Cli.Commands;

/// <summary>`list`: the scenario catalogue (id, title, rules), grouped by family.</summary>
public sealed class ListCommand : ICommand
{
    public string Name => "list";
    public string Summary => "print the scenario catalogue (id, title, rules)";

    public CommandDefinition Define()
    {
        var scenarios = SharedOptions.ScenariosDir("scenario folder (default: scenarios/)");
        return new CommandDefinition(new Command(Name, Summary) { scenarios },
            (parse, console, _) => Task.FromResult(Run(parse.GetValue(scenarios) ?? RepoPaths.Scenarios, console)));
    }

    private static int Run(string dir, Console2 console)
    {
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
        return result.Errors.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
