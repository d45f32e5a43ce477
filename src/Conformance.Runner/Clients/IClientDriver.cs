namespace Conformance.Runner.Clients;

/// <summary>A way to run a client under test for one case: a process adapter, a browser page, an in-process .NET client.</summary>
public interface IClientDriver
{
    /// <summary>A stable label for reports ("node-careful").</summary>
    string Name { get; }

    /// <summary>Runs the client once. Never throws for the client's misbehaviour: that is in the result.</summary>
    Task<ClientRun> RunAsync(ClientInvocation invocation, TimeSpan timeout, CancellationToken ct);
}
