using Conformance.Proxy;

namespace Conformance.Cli.Commands;

/// <summary>`proxy`: scores a reverse proxy that carries streams (see <see cref="Conformance.Proxy.ProxyCommand"/>); reports and gate as `run`.</summary>
public sealed class ProxyCommand : ICommand
{
    public string Name => "proxy";
    public string Summary => "score a reverse proxy or gateway that carries streams (buffering, headers, disconnects)";
    public string Usage => $$"""
        usage: conformance proxy --proxy-url http://127.0.0.1:M --upstream-port N [--name LABEL] [options]
               conformance proxy --proxy-cmd "<command with {upstream} and {port}>" [--upstream-port N] [--name LABEL] [options]
          --proxy-url           a proxy you already run, configured to forward to the mock on --upstream-port
          --proxy-cmd           a proxy the harness starts (in its own process group) and stops; {upstream} = the mock's port, {port} = where it must listen
          --timing-attempts N   runs of a case whose timing rule failed; the best counts (default {{ProxyRunner.DefaultTimingAttempts}}; 1 = strict)
        {{ReportOutput.Usage}}
        exit: 0 pass, 1 a case failed (or a score is below --threshold), 2 stale baseline, 3 usage or harness error
        """;

    public async Task<int> RunAsync(ArgReader args, Console2 console, CancellationToken ct)
    {
        var url = args.Value("proxy-url");
        Uri? proxyUrl = null;
        if (url is not null && !Uri.TryCreate(url, UriKind.Absolute, out proxyUrl)) throw new UsageException($"--proxy-url is not a URL: '{url}'");
        var options = new ProxyOptions
        {
            ProxyUrl = proxyUrl,
            UpstreamPort = args.Int("upstream-port", min: 0),
            ProxyCommand = args.Value("proxy-cmd"),
            Name = args.Value("name"),
            TimingAttempts = args.Int("timing-attempts", min: 1) ?? ProxyRunner.DefaultTimingAttempts,
        };
        var report = ReportOutput.FromArgs(args);
        args.RejectUnknown();
        var errors = options.Validate();
        if (errors.Count > 0) throw new UsageException(string.Join("; ", errors));
        var run = await Conformance.Proxy.ProxyCommand.RunAsync(options, console.Out, ct).ConfigureAwait(false);
        if (run is null) return ExitCodes.Usage;
        var gate = await report.WriteAsync(run, console, showGate: true, ct).ConfigureAwait(false);
        return gate.ExitCode;
    }
}
