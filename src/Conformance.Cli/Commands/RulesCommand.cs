using Conformance.Core.Rules;

namespace Conformance.Cli.Commands;

/// <summary>`rules`: the rule catalogue with levels and sources, and the profiles.</summary>
public sealed class RulesCommand : ICommand
{
    public string Name => "rules";
    public string Summary => "print the rule catalogue (id, level, what a correct client does, source) and the profiles";
    public string Usage => "usage: conformance rules [--rules FILE]";

    public Task<int> RunAsync(ArgReader args, Console2 console, CancellationToken ct)
    {
        var file = args.Value("rules") ?? RepoPaths.Rules;
        args.RejectUnknown();
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
        return Task.FromResult(errors.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed);
    }
}
