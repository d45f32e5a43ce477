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
