namespace Conformance.Server.Hosting;

public sealed record MockServerOptions
{
    /// <summary>Port to listen on; 0 picks a free one. The server binds 127.0.0.1 only.</summary>
    public int Port { get; init; }

    /// <summary>Enable WireMock's admin API (<c>/__admin</c>). Off by default.</summary>
    public bool WireMockAdmin { get; init; }

    /// <summary>At most this many cases keep their journal; the oldest are dropped first.</summary>
    public int MaxCases { get; init; } = 4096;

    /// <summary>How long a stall waits for the client before the server resets the connection.</summary>
    public TimeSpan StallLimit { get; init; } = TimeSpan.FromSeconds(60);

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
