using Conformance.Core.Scenarios;

namespace Conformance.Cli.Commands;

/// <summary>`validate [DIR]`: checks every scenario file and prints each error with its file and JSON path.</summary>
public sealed class ValidateCommand : ICommand
{
    public string Name => "validate";
    public string Summary => "check scenario files; exit 1 with every located error";
    public string Usage => "usage: conformance validate [DIR]   (default: scenarios/)";

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
        return Task.FromResult(result.Errors.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed);
    }
}
