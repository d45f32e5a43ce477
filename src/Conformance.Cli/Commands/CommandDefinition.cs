using System.CommandLine;

namespace Conformance.Cli.Commands;

/// <summary>What <see cref="ICommand.Define"/> returns: the parser's view of the command and its action.</summary>
/// <param name="Command">Options and arguments, with descriptions (the source of --help and of completions).</param>
/// <param name="RunAsync">Runs the command on a parse without errors; returns the exit code (<see cref="ExitCodes"/>).</param>
public sealed record CommandDefinition(Command Command, Func<ParseResult, Console2, CancellationToken, Task<int>> RunAsync)
{
    /// <summary>Lines --help prints after the options: exit codes, notes, where the docs are.</summary>
    public string? Epilogue { get; init; }
}
