using Conformance.Cli.Commands;

namespace Conformance.Cli;

/// <summary>Entry point of the `conformance` command line (what run.sh and run.ps1 hand over to).</summary>
public static class CliApp
{
    public static IReadOnlyList<ICommand> Commands { get; } =
    [
        new RunCommand(),
        new ServeCommand(),
        new ListCommand(),
        new ValidateCommand(),
        new RulesCommand(),
        new ProxyCommand(),
    ];

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var name = args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal) ? "run" : args[0];
        var rest = args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal) ? args : args[1..];
        if (name is "help" or "-h" or "--help")
        {
            PrintHelp(stdout);
            return ExitCodes.Ok;
        }
        var command = Commands.FirstOrDefault(c => c.Name == name);
        if (command is null)
        {
            stderr.WriteLine($"conformance: unknown command '{name}'. Commands: {string.Join(", ", Commands.Select(c => c.Name))}, help.");
            return ExitCodes.Usage;
        }
        try
        {
            var options = ArgReader.Parse(rest);
            if (options.Flag("help")) { stdout.WriteLine(command.Usage); return ExitCodes.Ok; }
            return await command.RunAsync(options, new Console2(stdout, stderr), ct).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            stderr.WriteLine($"conformance {name}: {ex.Message}");
            stderr.WriteLine(command.Usage);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            stderr.WriteLine("conformance: cancelled");
            return ExitCodes.Usage;
        }
    }

    private static void PrintHelp(TextWriter o)
    {
        o.WriteLine("conformance — score streaming LLM API clients against documented SSE rules");
        o.WriteLine();
        foreach (var c in Commands) o.WriteLine($"  {c.Name,-10} {c.Summary}");
        o.WriteLine($"  {"test",-10} run the test suite (./run.sh test)");
        o.WriteLine();
        o.WriteLine("Exit codes: 0 ok, 1 a case failed, 2 stale baseline, 3 usage or harness error.");
        o.WriteLine("`conformance <command> --help` shows a command's options.");
    }
}
