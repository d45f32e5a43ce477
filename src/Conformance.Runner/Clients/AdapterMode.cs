namespace Conformance.Runner.Clients;

/// <summary>How the runner drives a process adapter (docs/adapter-protocol.md).</summary>
public enum AdapterMode
{
    /// <summary>Contract v1: one process per case, the case in its environment.</summary>
    PerProcess,

    /// <summary>Service mode: one long-lived process per parallel slot, one JSON request line per case on stdin.</summary>
    Service,
}

/// <summary>The names adapters use for the modes in their hello line.</summary>
public static class AdapterModes
{
    public const string Service = "service";

    /// <summary>The variable a service-mode adapter is started with (<c>CONFORMANCE_SERVICE=1</c>).</summary>
    public const string EnvironmentVariable = "CONFORMANCE_SERVICE";
}
