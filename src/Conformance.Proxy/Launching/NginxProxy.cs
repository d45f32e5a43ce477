namespace Conformance.Proxy.Launching;

/// <summary>
/// nginx from the system's packages, started with a generated config in a temp dir (daemon off,
/// master_process off: one process, stopped by its pid group). <c>buffering</c> toggles
/// proxy_buffering; nginx's default is on.
/// </summary>
public static class NginxProxy
{
    public const string InstallHint = "nginx is not installed: apt-get install -y nginx (CI's .ci/run installs it)";

    public static string? FindBinary() => Which("nginx", "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx");

    public static string Config(string dir, int port, int upstreamPort, bool buffering) => $$"""
        daemon off;
        master_process off;
        worker_processes 1;
        pid {{dir}}/nginx.pid;
        error_log {{dir}}/error.log warn;
        events { worker_connections 256; }
        http {
          access_log off;
          client_body_temp_path {{dir}}/client_body;
          proxy_temp_path {{dir}}/proxy;
          fastcgi_temp_path {{dir}}/fastcgi;
          uwsgi_temp_path {{dir}}/uwsgi;
          scgi_temp_path {{dir}}/scgi;
          server {
            listen 127.0.0.1:{{port}};
            location / {
              proxy_pass http://127.0.0.1:{{upstreamPort}};
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_buffering {{(buffering ? "on" : "off")}};
            }
          }
        }
        """;

    public static async Task<CommandProxy> StartAsync(int upstreamPort, bool buffering, CancellationToken ct)
    {
        var nginx = FindBinary() ?? throw new InvalidOperationException(InstallHint);
        var dir = Directory.CreateTempSubdirectory("conformance-nginx-").FullName;
        var port = LoopbackPorts.Free();
        var conf = Path.Combine(dir, "nginx.conf");
        await File.WriteAllTextAsync(conf, Config(dir, port, upstreamPort, buffering), ct).ConfigureAwait(false);
        var name = buffering ? "nginx (proxy_buffering on, default)" : "nginx (proxy_buffering off)";
        return await CommandProxy.StartAsync(name, "nginx", $"exec {nginx} -p {dir} -c {conf} -e {dir}/error.log", upstreamPort, port, ct, tempDir: dir).ConfigureAwait(false);
    }

    internal static string? Which(string name, params string[] fallbacks)
    {
        foreach (var d in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var p = Path.Combine(d, name);
            if (File.Exists(p)) return p;
        }
        return fallbacks.FirstOrDefault(File.Exists);
    }
}
