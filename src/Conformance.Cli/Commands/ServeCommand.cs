using System.CommandLine;
using Conformance.Core.Dialects;
using Conformance.Core.Scenarios;
using Conformance.Server.Catalog;
using Conformance.Server.Hosting;

namespace Conformance.Cli.Commands;

/// <summary>`serve`: the mock server for exploring by hand, with copy-paste curl lines and a log of every stream's end.</summary>
public sealed class ServeCommand : ICommand
{
    public string Name => "serve";
    public string Summary => "start the mock server on 127.0.0.1 for exploring by hand (curl -N, your SDK)";

    public CommandDefinition Define()
    {
        var port = SharedOptions.Int("--port", "N", "port on 127.0.0.1 (0: a free port, printed)", min: 0, () => 0);
        var scenarios = SharedOptions.ScenariosDir("scenario folder (default: scenarios/); reloaded when files change");
        var admin = SharedOptions.Flag("--wiremock-admin", "enable WireMock.Net's admin API at /__admin (off by default)");
        return new CommandDefinition(new Command(Name, Summary) { port, scenarios, admin },
            (parse, console, ct) => RunAsync(parse.GetValue(port)!.Value, parse.GetValue(scenarios) ?? RepoPaths.Scenarios, parse.GetValue(admin), console, ct))
        {
            Epilogue = "Ctrl+C stops. exit: 0 stopped, 3 usage error",
        };
    }

    private static async Task<int> RunAsync(int port, string dir, bool admin, Console2 console, CancellationToken ct)
    {
        if (!Directory.Exists(dir)) throw new UsageException($"no scenario folder at {dir}");

        using var source = new ReloadingScenarioSource(dir);
        foreach (var e in source.LastErrors) console.Err.WriteLine($"  invalid: {e}");
        source.Reloaded += (count, errors) =>
        {
            console.Out.WriteLine($"[reload] {count} scenarios loaded from {dir}{(errors.Count > 0 ? $", {errors.Count} errors:" : "")}");
            foreach (var e in errors) console.Out.WriteLine($"  invalid: {e}");
        };

        await using var server = MockServer.Start(new MockServerOptions { Port = port, WireMockAdmin = admin }, source);
        server.ExchangeCompleted += log => console.Out.WriteLine(Format(log));

        var baseUrl = server.BaseUrl.ToString().TrimEnd('/');
        console.Out.WriteLine($"Conformance mock server listening on {baseUrl}  ({source.All.Count} scenarios from {dir})");
        console.Out.WriteLine($"  OpenAI-compatible base URL:  {baseUrl}/v1   (pick a scenario with \"model\": \"<scenario id>\")");
        console.Out.WriteLine($"  Anthropic base URL:          {baseUrl}      (the SDK adds /v1/messages)");
        console.Out.WriteLine($"  Scenarios as models:         {baseUrl}/v1/models   (a chat UI's model menu lists them)");
        console.Out.WriteLine($"  Journal of every case:       {baseUrl}/__conformance/cases");
        if (admin) console.Out.WriteLine($"  WireMock admin API:          {baseUrl}/__admin");
        console.Out.WriteLine();
        console.Out.WriteLine("Try:");
        foreach (var s in Featured(source.All))
            console.Out.WriteLine($"  {CurlLine(baseUrl, s.Id, s.Api)}");
        console.Out.WriteLine($"  curl -N '{baseUrl}/v1/chat/completions' -H 'content-type: application/json' -d '{{\"model\":\"<scenario id>\",\"stream\":true,\"messages\":[]}}'");
        console.Out.WriteLine("`conformance list` prints every scenario id. Ctrl+C stops.");
        console.Out.WriteLine();

        try { await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        console.Out.WriteLine("stopped.");
        return ExitCodes.Ok;
    }

    /// <summary>A split character, a reset and a retry: the three failures people come to explore first.</summary>
    private static IEnumerable<Conformance.Server.Routing.ServedScenario> Featured(IReadOnlyList<Conformance.Server.Routing.ServedScenario> all)
    {
        string[] preferred = ["encoding.utf8.two-byte-char-split", "termination.reset.mid-stream", "retries.429.retry-after-then-success"];
        var picked = preferred.Select(id => all.FirstOrDefault(s => s.Id == id)).OfType<Conformance.Server.Routing.ServedScenario>().ToList();
        return picked.Count > 0 ? picked : all.Take(3);
    }

    internal static string CurlLine(string baseUrl, string id, IDialect api) =>
        $"curl -N -X {api.Endpoints[0].Method} '{baseUrl}/s/{id}/{api.Endpoints[0].PathFor(id)}' -H 'content-type: application/json' -d '{{\"stream\":true}}'";

    private static string Format(ExchangeLog l) =>
        $"{DateTime.Now:HH:mm:ss.fff} {l.Method} {l.Path} -> {l.Status} " +
        (l.ScenarioId is null ? "" : $"[{l.ScenarioId} attempt {l.Attempt}] ") +
        $"{l.BodyBytes} bytes, ended {l.Ended} after {l.DurationMs} ms";
}
