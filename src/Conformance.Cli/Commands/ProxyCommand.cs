using System.CommandLine;
using Conformance.Proxy;

namespace Conformance.Cli.Commands;

/// <summary>`proxy`: scores a reverse proxy that carries streams (see <see cref="Conformance.Proxy.ProxyCommand"/>); reports and gate as `run`.</summary>
public sealed class ProxyCommand : ICommand
{
    public string Name => "proxy";
    public string Summary => "score a reverse proxy or gateway that carries streams (buffering, headers, disconnects)";

    private const string Epilogue = """
        One of --proxy-url (with --upstream-port) or --proxy-cmd; docs/proxy-mode.md.
        exit: 0 pass, 1 a case failed (or a score is below --threshold), 2 stale baseline, 3 usage or harness error
        """;

    public CommandDefinition Define()
    {
        var proxyUrl = SharedOptions.Text("--proxy-url", "URL", "a proxy you already run (http://127.0.0.1:M), configured to forward to the mock on --upstream-port");
        var proxyCmd = SharedOptions.Text("--proxy-cmd", "CMD",
            "a proxy the harness starts (in its own process group) and stops; {upstream} = the mock's port, {port} = where it must listen");
        var upstreamPort = SharedOptions.Int("--upstream-port", "N", "the port the mock listens on, where the proxy forwards to", min: 0);
        var name = SharedOptions.Text("--name", "LABEL", "the proxy's label in the reports");
        var attempts = SharedOptions.Int("--timing-attempts", "N", "runs of a case whose timing rule failed; the best counts (1 = strict)",
            min: 1, () => ProxyRunner.DefaultTimingAttempts);
        var report = new ReportOutput.Options();
        var command = new Command(Name, Summary) { proxyUrl, proxyCmd, upstreamPort, name, attempts };
        report.AddTo(command);
        return new CommandDefinition(command, (parse, console, ct) =>
        {
            var url = parse.GetValue(proxyUrl);
            Uri? uri = null;
            if (url is not null && !Uri.TryCreate(url, UriKind.Absolute, out uri)) throw new UsageException($"--proxy-url is not a URL: '{url}'");
            var options = new ProxyOptions
            {
                ProxyUrl = uri,
                UpstreamPort = parse.GetValue(upstreamPort),
                ProxyCommand = parse.GetValue(proxyCmd),
                Name = parse.GetValue(name),
                TimingAttempts = parse.GetValue(attempts)!.Value,
            };
            return RunAsync(options, report.Read(parse), console, ct);
        }) { Epilogue = Epilogue };
    }

    private static async Task<int> RunAsync(ProxyOptions options, ReportOutput report, Console2 console, CancellationToken ct)
    {
        var errors = options.Validate();
        if (errors.Count > 0) throw new UsageException(string.Join("; ", errors));
        var run = await Conformance.Proxy.ProxyCommand.RunAsync(options, console.Out, ct).ConfigureAwait(false);
        if (run is null) return ExitCodes.Usage;
        var gate = await report.WriteAsync(run, console, showGate: true, ct).ConfigureAwait(false);
        return gate.ExitCode;
    }
}
