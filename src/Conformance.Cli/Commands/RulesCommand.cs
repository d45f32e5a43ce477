using System.CommandLine;
using Conformance.Core.Rules;

namespace Conformance.Cli.Commands;

/// <summary>`rules`: the rule catalogue with levels and sources, and the profiles.</summary>
public sealed class RulesCommand : ICommand
{
    public string Name => "rules";
    public string Summary => "print the rule catalogue (id, level, what a correct client does, source) and the profiles";

    public CommandDefinition Define()
    {
        var rules = SharedOptions.Rules();
        return new CommandDefinition(new Command(Name, Summary) { rules },
            (parse, console, _) => Task.FromResult(Run(parse.GetValue(rules) ?? RepoPaths.Rules, console)));
    }

    private static int Run(string file, Console2 console)
    {
        var (catalog, errors) = RuleCatalog.LoadFile(file);
        foreach (var group in catalog.All.GroupBy(r => r.Id.Split('.')[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            console.Out.WriteLine($"{group.Key}");
            foreach (var r in group.OrderBy(r => r.Id, StringComparer.Ordinal))
            {
                console.Out.WriteLine($"  {r.Id,-36} {RuleCatalog.LevelName(r.Level),-6} [{r.Check}]");
                console.Out.WriteLine($"      {r.Says}");
                console.Out.WriteLine($"      source: {r.Source.Document}: \"{r.Source.Quote}\"");
            }
        }
        console.Out.WriteLine($"{catalog.All.Count} rules.");
        console.Out.WriteLine();
        console.Out.WriteLine("Profiles (--profile):");
        foreach (var p in Profiles.All)
            console.Out.WriteLine($"  {p.Name,-10} {p.Description}");
        foreach (var e in errors) console.Err.WriteLine("invalid: " + e);
        return errors.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
