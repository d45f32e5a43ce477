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

    /// <param name="gapMs">The naive pause before each event after the first: a chained <c>Task.Delay</c> (the timing baseline).</param>
    public static async Task<BareKestrel> StartAsync(byte[][] events, CancellationToken ct, int gapMs = 0)
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
            await body.FlushAsync(ctx.RequestAborted); // the head now, as the mock sends it
            for (var i = 0; i < events.Length; i++)
            {
                if (gapMs > 0 && i > 0) await Task.Delay(gapMs, ctx.RequestAborted);
                var e = events[i];
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
