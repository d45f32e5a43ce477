using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conformance.Bench.Benchmarks;

/// <summary>The baseline server: bare Kestrel on 127.0.0.1 writing pre-encoded events with a flush per event.</summary>
internal sealed class BareKestrel : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareKestrel(WebApplication app, int port) { _app = app; Port = port; }

    public int Port { get; }

    public static async Task<BareKestrel> StartAsync(byte[][] events, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext ctx) =>
        {
            ctx.Response.ContentType = "text/event-stream";
            ctx.Response.Headers.CacheControl = "no-cache";
            var body = ctx.Response.Body;
            foreach (var e in events)
            {
                await body.WriteAsync(e, ctx.RequestAborted);
                await body.FlushAsync(ctx.RequestAborted);
            }
        });
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BareKestrel(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
