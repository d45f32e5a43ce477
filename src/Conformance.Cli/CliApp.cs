using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Conformance.Cli.Commands;
using Conformance.Core.Diagnostics;

namespace Conformance.Cli;

/// <summary>
/// Entry point of the `conformance` command line (what run.sh and run.ps1 hand over to). System.CommandLine parses it,
/// writes --help from the options' descriptions, suggests the option or command a typo meant, and answers the
/// <c>[suggest]</c> directive that shell completion (dotnet-suggest) sends.
/// </summary>
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
        new MergeCommand(),
    ];

    private const string Description = "conformance — score streaming LLM API clients against documented SSE rules";

    private const string RootEpilogue = """
        With no command, `conformance [options]` is `conformance run [options]`; `./run.sh test` runs the test suite.
        `conformance <command> --help` shows a command's options.
        Exit codes: 0 ok, 1 a case failed, 2 stale baseline, 3 usage or harness error, 130 interrupted.
        """;

    /// <summary>
    /// As the hand-written reader did: a value may be anything (a leading '@' is not a response file), and there are no
    /// single-letter options to bundle.
    /// </summary>
    private static readonly ParserConfiguration Parsing = new() { EnablePosixBundling = false, ResponseFileTokenReplacer = null };

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        RunAsync(args, stdout, stderr, Commands, ct);

    /// <summary>
    /// Runs one command. Whatever goes wrong, the result is an exit code and at most a line or two on stderr: usage
    /// errors with the command's help (exit 3), harness faults (<see cref="HarnessException"/>, file-system errors) as
    /// one line, and a bug in the harness as one line that points to a log file with the stack trace.
    /// </summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, IReadOnlyList<ICommand> commands, CancellationToken ct)
    {
        var console = new Console2(stdout, stderr);
        // Our own handlers: Program.cs owns SIGINT/SIGTERM (exit 130 with the finished cases), and exceptions end below.
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        ParseResult? parse = null;
        try
        {
            parse = Root(commands, console).Parse(WithDefaultCommand(args), Parsing);
            if (parse.Action is ParseErrorAction)
                return UsageError(parse, invocation, [.. parse.Errors.Select(e => e.Message)]);
            return await parse.InvokeAsync(invocation, ct).ConfigureAwait(false);
        }
        catch (UsageException ex) when (parse is not null)
        {
            return UsageError(parse, invocation, [ex.Message]);
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

    /// <summary>The root command with every command under it, and --help that adds each command's epilogue.</summary>
    private static RootCommand Root(IReadOnlyList<ICommand> commands, Console2 console)
    {
        var root = new RootCommand(Description);
        // The name the [suggest] directive's command line starts with, also when the host is not conformance.dll
        // (the tests run in-process, where the executable is the test host).
        if (root.Name != "conformance") root.Aliases.Add("conformance");
        // Reached only with nothing but a directive (WithDefaultCommand makes an empty line `run`); having an action
        // also spares an unknown command the parser's "Required command was not provided" before the real error.
        root.SetAction(new Func<ParseResult, int>(_ => throw new UsageException("name a command")));
        var epilogues = new Dictionary<Command, string> { [root] = RootEpilogue };
        foreach (var c in commands)
        {
            var definition = c.Define();
            var command = definition.Command;
            command.SetAction((parse, ct) => definition.RunAsync(parse, console, ct));
            if (definition.Epilogue is { } epilogue) epilogues[command] = epilogue;
            root.Subcommands.Add(command);
        }
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithEpilogue((HelpAction)help.Action!, epilogues);
        return root;
    }

    /// <summary>
    /// The shorthands of the hand-written parser, kept: no arguments, or an option first, means `run` (the main job is
    /// `./run.sh`); `help [command]` is `[command] --help`. Directives (<c>[suggest:N]</c>) pass untouched.
    /// </summary>
    internal static string[] WithDefaultCommand(string[] args)
    {
        if (args.Length > 0 && args[0].StartsWith('[')) return args;
        if (args.Length > 0 && args[0] == "help") return [.. args[1..], "--help"];
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal) && args[0] is not ("--help" or "--version"))
            return ["run", .. args];
        return args;
    }

    /// <summary>A usage error: each message as "conformance &lt;command&gt;: …", the typo suggestions, then the command's help, on stderr; exit 3.</summary>
    private static int UsageError(ParseResult parse, InvocationConfiguration invocation, IReadOnlyList<string> messages)
    {
        var stderr = invocation.Error;
        var command = parse.CommandResult.Command;
        var prefix = command is RootCommand ? "conformance" : $"conformance {command.Name}";
        foreach (var m in messages) stderr.WriteLine($"{prefix}: {OneLine(m)}");

        // System.CommandLine's own "did you mean" for the tokens nothing matched, without its copy of the errors.
        var configuration = parse.InvocationConfiguration;
        var suggestions = new StringWriter();
        (configuration.Output, configuration.Error) = (suggestions, TextWriter.Null);
        new ParseErrorAction { ShowHelp = false, ShowTypoCorrections = true }.Invoke(parse);
        if (suggestions.ToString().Trim() is { Length: > 0 } text) stderr.WriteLine(text);

        stderr.WriteLine();
        configuration.Output = stderr;
        var help = parse.RootCommandResult.Command.Options.OfType<HelpOption>().Single();
        ((SynchronousCommandLineAction)help.Action!).Invoke(parse);
        configuration.Output = invocation.Output;
        return ExitCodes.Usage;
    }

    private static string OneLine(string s) => string.Join(" ", s.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>System.CommandLine's help, then what the command adds after its options (exit codes, notes).</summary>
    private sealed class HelpWithEpilogue(HelpAction help, IReadOnlyDictionary<Command, string> epilogues) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parse)
        {
            help.Invoke(parse);
            if (epilogues.TryGetValue(parse.CommandResult.Command, out var epilogue))
                parse.InvocationConfiguration.Output.WriteLine(epilogue.TrimEnd());
            return ExitCodes.Ok;
        }
    }
}
