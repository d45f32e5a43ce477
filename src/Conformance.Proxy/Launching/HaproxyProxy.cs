namespace Conformance.Proxy.Launching;

/// <summary>HAProxy from the system's packages in the foreground (-db) with a generated config; <c>noDelay</c> adds <c>option http-no-delay</c>.</summary>
public static class HaproxyProxy
{
    public const string InstallHint = "haproxy is not installed: apt-get install -y haproxy";

    public static string? FindBinary() => NginxProxy.Which("haproxy", "/usr/sbin/haproxy", "/usr/local/sbin/haproxy");

    public static string Config(int port, int upstreamPort, bool noDelay) => $"""
        global
          maxconn 256
        defaults
          mode http
          timeout connect 5s
          timeout client 30s
          timeout server 30s
        {(noDelay ? "  option http-no-delay\n" : "")}frontend probe
          bind 127.0.0.1:{port}
          default_backend mock
        backend mock
          server upstream 127.0.0.1:{upstreamPort}

        """; // haproxy refuses a config whose last line has no LF

    public static async Task<CommandProxy> StartAsync(int upstreamPort, bool noDelay, CancellationToken ct)
    {
        var haproxy = FindBinary() ?? throw new InvalidOperationException(InstallHint);
        var dir = Directory.CreateTempSubdirectory("conformance-haproxy-").FullName;
        var port = LoopbackPorts.Free();
        var cfg = Path.Combine(dir, "haproxy.cfg");
        await File.WriteAllTextAsync(cfg, Config(port, upstreamPort, noDelay), ct).ConfigureAwait(false);
        var name = noDelay ? "haproxy (option http-no-delay)" : "haproxy (default)";
        return await CommandProxy.StartAsync(name, "haproxy", $"exec {haproxy} -db -f {cfg}", upstreamPort, port, ct, tempDir: dir).ConfigureAwait(false);
    }
}
