namespace Conformance.Proxy.Launching;

/// <summary>A proxy the user already runs, configured to forward to the mock's port. Never stopped by the harness.</summary>
public sealed class ExternalProxy(string name, Uri url) : IProxyUnderTest
{
    public string Name => name;
    public string Kind => "external";
    public Uri Url => url;
    public string Description => $"external proxy at {url}";
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
