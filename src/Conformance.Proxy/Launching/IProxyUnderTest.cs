namespace Conformance.Proxy.Launching;

/// <summary>A reverse proxy the probe sends cases through, forwarding to the mock upstream. Disposing stops what the harness started (and nothing else).</summary>
public interface IProxyUnderTest : IAsyncDisposable
{
    /// <summary>Label in reports ("nginx (proxy_buffering on)").</summary>
    string Name { get; }
    /// <summary>How it runs: external, command, nginx, haproxy, yarp.</summary>
    string Kind { get; }
    /// <summary>Where the probe connects: <c>http://127.0.0.1:{port}</c>.</summary>
    Uri Url { get; }
    /// <summary>The command line or configuration, for the report.</summary>
    string Description { get; }
}
