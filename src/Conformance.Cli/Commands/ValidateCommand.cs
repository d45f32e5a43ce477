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
    public string Usage => "usage: conformance validate [DIR]   (default: scenarios/; rules from rules/rules.json)";

    public Task<int> RunAsync(ArgReader args, Console2 console, CancellationToken ct)
    {
        args.RejectUnknown(maxPositionals: 1);
        var dir = args.Positionals.Count > 0 ? args.Positionals[0] : RepoPaths.Scenarios;
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
        return Task.FromResult(result.Errors.Count == 0 && ruleErrors == 0 ? ExitCodes.Ok : ExitCodes.Failed);
    }
}
