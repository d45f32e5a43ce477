namespace Conformance.Cli.Commands;

public interface ICommand
{
    string Name { get; }
    string Summary { get; }
    string Usage { get; }
    Task<int> RunAsync(ArgReader args, Console2 console, CancellationToken ct);
}
