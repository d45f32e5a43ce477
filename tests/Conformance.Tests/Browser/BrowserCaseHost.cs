using Conformance.Core.Dialects;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Browser;
using Conformance.Core.Journal;
using Conformance.Core.Observations;
using Conformance.Core.Scenarios;
using Conformance.Runner.Clients;
using Conformance.Server.Catalog;
using Conformance.Server.Hosting;
using Conformance.Tests.Scenarios;

namespace Conformance.Tests.Browser;

/// <summary>
/// One real Chromium and one mock server (port 0) for a fixture, and a helper that runs a browser
/// target against a catalogue scenario the way the runner will: allocate a case, build the invocation
/// from the scenario's client settings, run, then read the journal.
/// </summary>
internal sealed class BrowserCaseHost : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, BrowserClientDriver> _drivers = new();

    private BrowserCaseHost(BrowserSession session, MockServer server, ScenarioCatalog catalog)
    {
        Session = session;
        Server = server;
        Catalog = catalog;
        server.ExchangeCompleted += e => Exchanges.Add(e);
    }

    public BrowserSession Session { get; }
    public MockServer Server { get; }
    public ScenarioCatalog Catalog { get; }
    public ConcurrentBag<ExchangeLog> Exchanges { get; } = [];

    public static async Task<BrowserCaseHost> StartAsync()
    {
        var root = ScenarioJson.RepoRoot();
        var catalog = ScenarioCatalog.LoadDirectory(Path.Combine(root, "scenarios")).Catalog;
        var session = await BrowserSession.StartAsync(new BrowserOptions { ClientsDirectory = Path.Combine(root, "clients", "browser") });
        MockServer? server = null;
        try
        {
            server = MockServer.Start(new MockServerOptions { StallLimit = TimeSpan.FromSeconds(10) }, new CatalogScenarioSource(catalog));
            return new BrowserCaseHost(session, server, catalog);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    public async Task<BrowserClientDriver> DriverAsync(string target) =>
        _drivers.TryGetValue(target, out var d) ? d : _drivers[target] = await Session.CreateDriverAsync(target);

    public async Task<CaseOutcome> RunAsync(string target, string scenarioId, TimeSpan? timeout = null)
    {
        var scenario = Catalog.Find(scenarioId) ?? throw new ArgumentException($"no scenario {scenarioId}");
        var driver = await DriverAsync(target);
        var handle = Server.AllocateCase(scenario.Id);
        var invocation = Invocation(scenario, handle);
        var run = await driver.RunAsync(invocation, timeout ?? TimeSpan.FromSeconds(20), CancellationToken.None);
        var journal = await Server.CompletedJournalAsync(handle.CaseId, TimeSpan.FromSeconds(5), CancellationToken.None);
        return new CaseOutcome(scenario, handle, run, journal!);
    }

    public static ClientInvocation Invocation(Scenario scenario, CaseHandle handle) => new()
    {
        CaseId = handle.CaseId,
        BaseUrl = handle.BaseUrl.ToString().TrimEnd('/'),
        Api = scenario.Api,
        RequestJson = RequestBody(scenario).ToJsonString(),
        CancelAfter = scenario.Client.CancelAfter,
        IdleTimeoutMs = scenario.Client.IdleTimeoutMs,
        MaxRetries = scenario.Client.MaxRetries,
    };

    // The dialect's own request shape, as the runner sends it.
    private static JsonObject RequestBody(Scenario s) => s.Api.RequestBody(s.Id, "Say hello");

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await Server.DisposeAsync();
    }
}

internal sealed record CaseOutcome(Scenario Scenario, CaseHandle Handle, ClientRun Run, CaseJournal Journal)
{
    public IReadOnlyList<JsonElement> Chunks => [.. Run.Observations.OfType<ChunkObservation>().Select(c => c.Data)];

    /// <summary>The text the chunks carry: delta.content (chat), text (completions), delta.text (Anthropic).</summary>
    public string Text
    {
        get
        {
            var sb = new StringBuilder();
            foreach (var c in Chunks)
            {
                if (c.ValueKind != JsonValueKind.Object) continue;
                if (c.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
                {
                    var first = choices[0];
                    if (first.TryGetProperty("delta", out var delta) && delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                        sb.Append(content.GetString());
                    else if (first.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                        sb.Append(text.GetString());
                }
                else if (c.TryGetProperty("delta", out var d) && d.ValueKind == JsonValueKind.Object && d.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                {
                    sb.Append(t.GetString());
                }
            }
            return sb.ToString();
        }
    }

    public Observation? Last => Run.Observations.Count > 0 ? Run.Observations[^1] : null;

    public string Describe() =>
        $"{Scenario.Id}: faults=[{string.Join("; ", Run.Faults)}] timedOut={Run.TimedOut} text=\"{Text}\" last={Last}\nstderr={Run.Stderr}\nconsole:\n{Run.Attachments.GetValueOrDefault("console")}";
}
