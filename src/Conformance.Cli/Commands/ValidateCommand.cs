using System.CommandLine;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;

namespace Conformance.Cli.Commands;

/// <summary>
/// `validate [DIR]`: checks every scenario file and the rule catalogue (rules/rules.json), and that
/// every rule id a scenario names is in the catalogue and is not a proxy rule; prints each error with its file and JSON path.
/// </summary>
public sealed class ValidateCommand : ICommand
{
    public string Name => "validate";
    public string Summary => "check scenario files and the rule catalogue; exit 1 with every located error";

    private const string Epilogue = "Rules from rules/rules.json. exit: 0 valid, 1 errors (each printed with its file and JSON path), 3 usage error";

    public CommandDefinition Define()
    {
        var folder = new Argument<string?>("DIR") { Description = "the scenario folder to check (default: scenarios/)", Arity = ArgumentArity.ZeroOrOne };
        return new CommandDefinition(new Command(Name, Summary) { folder },
            (parse, console, _) => Task.FromResult(Run(parse.GetValue(folder) ?? RepoPaths.Scenarios, console))) { Epilogue = Epilogue };
    }

    private static int Run(string dir, Console2 console)
    {
        if (!Directory.Exists(dir)) throw new UsageException($"no such folder: {dir}");
        var result = ScenarioCatalog.LoadDirectory(dir);
        foreach (var e in result.Errors) console.Out.WriteLine(e.ToString());
        var files = result.Errors.Select(e => e.File).Distinct().Count();
        console.Out.WriteLine(result.Errors.Count == 0
            ? $"{result.Catalog.All.Count} scenarios valid in {dir}."
            : $"{result.Errors.Count} errors in {files} files; {result.Catalog.All.Count} scenarios valid.");

        var ruleErrors = 0;
        if (File.Exists(RepoPaths.Rules))
        {
            var (rules, errors) = RuleCatalog.LoadFile(RepoPaths.Rules);
            var unknown = result.Catalog.All
                .SelectMany(s => s.Rules.Select(id => (Scenario: s, Id: id, Rule: rules.Find(id))))
                .Where(x => x.Rule is null || x.Rule.Check == CheckKinds.Proxy)
                .Select(x => $"{Path.GetRelativePath(dir, x.Scenario.SourcePath ?? x.Scenario.Id).Replace('\\', '/')}: $.rules: " + (x.Rule is null
                    ? $"unknown rule '{x.Id}' (not in rules/rules.json)"
                    : $"'{x.Id}' is a proxy rule (check '{CheckKinds.Proxy}'): only proxy mode scores it, a client scenario cannot cite it"))
                .ToList();
            foreach (var e in errors.Concat(unknown)) console.Out.WriteLine(e);
            ruleErrors = errors.Count + unknown.Count;
            console.Out.WriteLine(ruleErrors == 0
                ? $"{rules.All.Count} rules valid in {RepoPaths.Rules}; every scenario rule is catalogued and none is a proxy rule."
                : $"{ruleErrors} rule errors; {rules.All.Count} rules valid.");
        }
        return result.Errors.Count == 0 && ruleErrors == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
