using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace Conformance.Proxy.Launching;

/// <summary>YARP (Yarp.ReverseProxy) hosted in-process on Kestrel, 127.0.0.1:0, one catch-all route to the upstream.</summary>
public sealed class YarpProxy : IProxyUnderTest
{
    private readonly WebApplication _app;

    private YarpProxy(WebApplication app, Uri url, int upstreamPort)
    {
        _app = app;
        Url = url;
        Description = $"Yarp.ReverseProxy in-process: route {{**catch-all}} -> http://127.0.0.1:{upstreamPort}/";
    }

    public string Name => "yarp";
    public string Kind => "yarp";
    public Uri Url { get; }
    public string Description { get; }

    public static async Task<YarpProxy> StartAsync(int upstreamPort, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "mock", Match = new RouteMatch { Path = "{**catch-all}" } }],
            [new ClusterConfig { ClusterId = "mock", Destinations = new Dictionary<string, DestinationConfig> { ["upstream"] = new() { Address = $"http://127.0.0.1:{upstreamPort}/" } } }]);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.StartAsync(ct).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new YarpProxy(app, new Uri($"http://127.0.0.1:{port}"), upstreamPort);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
