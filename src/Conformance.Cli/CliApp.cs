using Conformance.Cli.Commands;
using Conformance.Core.Diagnostics;

namespace Conformance.Cli;

/// <summary>Entry point of the `conformance` command line (what run.sh and run.ps1 hand over to).</summary>
public static class CliApp
{
    public static IReadOnlyList<ICommand> Commands { get; } =
    [
        new RunCommand(),
        new ExploreCommand(),
        new ServeCommand(),
        new ListCommand(),
        new ValidateCommand(),
        new RulesCommand(),
        new ProxyCommand(),
        new LintCommand(),
        new RecordCommand(),
    ];

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        RunAsync(args, stdout, stderr, Commands, ct);

    /// <summary>
    /// Runs one command. Whatever goes wrong, the result is an exit code and at most a line or two on stderr: usage
    /// errors with the usage, harness faults (<see cref="HarnessException"/>, file-system errors) as one line, and a bug
    /// in the harness as one line that points to a log file with the stack trace.
    /// </summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, IReadOnlyList<ICommand> commands, CancellationToken ct)
    {
        var name = args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal) ? "run" : args[0];
        var rest = args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal) ? args : args[1..];
        if (name is "help" or "-h" or "--help")
        {
            PrintHelp(stdout);
            return ExitCodes.Ok;
        }
        var command = commands.FirstOrDefault(c => c.Name == name);
        if (command is null)
        {
            stderr.WriteLine($"conformance: unknown command '{name}'. Commands: {string.Join(", ", commands.Select(c => c.Name))}, help.");
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
        catch (HarnessException ex)
        {
            stderr.WriteLine($"conformance: {OneLine(ex.Message)}");
            return ExitCodes.HarnessError;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Interrupted before a run had anything to report (or by a command without partial results).
            stderr.WriteLine("conformance: interrupted");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex) when (IoErrors.IsIo(ex))
        {
            // A file-system fault no command gave context to: .NET's message names the path.
            stderr.WriteLine($"conformance: {OneLine(ex.Message)}");
            return ExitCodes.HarnessError;
        }
        catch (Exception ex)
        {
            var log = CrashLog.TryWrite(ex, args);
            stderr.WriteLine($"conformance: internal error, a bug in the harness: {ex.GetType().Name}: {OneLine(ex.Message)}"
                             + (log is null ? "" : $" (stack trace in {log})"));
            return ExitCodes.HarnessError;
        }
    }

    private static string OneLine(string s) => string.Join(" ", s.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static void PrintHelp(TextWriter o)
    {
        o.WriteLine("conformance — score streaming LLM API clients against documented SSE rules");
        o.WriteLine();
        foreach (var c in Commands) o.WriteLine($"  {c.Name,-10} {c.Summary}");
        o.WriteLine($"  {"test",-10} run the test suite (./run.sh test)");
        o.WriteLine();
        o.WriteLine("Exit codes: 0 ok, 1 a case failed, 2 stale baseline, 3 usage or harness error, 130 interrupted.");
        o.WriteLine("`conformance <command> --help` shows a command's options.");
    }
}
