using System.CommandLine;

namespace Conformance.Cli.Commands;

/// <summary>A command of <c>conformance</c> (run, explore, serve, …); the built-ins are <see cref="CliApp.Commands"/>.</summary>
public interface ICommand
{
    string Name { get; }

    /// <summary>One line: what the command is for (the root's --help lists it).</summary>
    string Summary { get; }

    /// <summary>
    /// A new System.CommandLine definition of the command (its options, arguments and what --help adds after them),
    /// bound to what it does. Made anew for every command line, so a definition never has two parents.
    /// </summary>
    CommandDefinition Define();
}

/// <summary>What <see cref="ICommand.Define"/> returns: the parser's view of the command and its action.</summary>
/// <param name="Command">Options and arguments, with descriptions (the source of --help and of completions).</param>
/// <param name="RunAsync">Runs the command on a parse without errors; returns the exit code (<see cref="ExitCodes"/>).</param>
public sealed record CommandDefinition(Command Command, Func<ParseResult, Console2, CancellationToken, Task<int>> RunAsync)
{
    /// <summary>Lines --help prints after the options: exit codes, notes, where the docs are.</summary>
    public string? Epilogue { get; init; }
}
