using System.Collections.Concurrent;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Runner.Clients;
using Conformance.Runner.Running;
using Conformance.Tests.Support;

namespace Conformance.Tests.Runner;

/// <summary>
/// How the runner schedules a run's cases (issue 14): the longest cases (by their scripted waits) start first, the
/// results keep the catalogue's order, and cases whose client has not reached the server yet are bounded by
/// <see cref="RunOptions.Starting"/> while the cases already streaming are not.
/// </summary>
[TestFixture]
public sealed class RunSchedulingTests
{
    private string _dir = null!;
    private ScenarioCatalog _catalog = null!;

    [OneTimeSetUp]
    public void WriteScenarios()
    {
        _dir = Directory.CreateTempSubdirectory("conformance-scheduling-").FullName;
        Write("timeouts", "timeouts.x.stall", """
            "client": { "idleTimeoutMs": 400 },
            "responses": [ { "stream": { "events": [ { "raw": "data: {}\n\n" }, { "raw": "data: {}\n\n", "delayMs": 300 } ],
                                         "transport": { "end": { "kind": "stall", "ms": 5000 } } } } ]
            """);
        Write("retries", "retries.x.retry-after", """
            "client": { "maxRetries": 2 },
            "responses": [ { "status": 429, "headers": { "Retry-After": "2" }, "body": { "json": { "error": { "message": "slow down" } } } },
                           { "stream": { "events": [ { "raw": "data: {}\n\n" }, { "raw": "data: [DONE]\n\n", "delayMs": 100 } ] } } ]
            """);
        Write("cancellation", "cancellation.x.cancel", """
            "client": { "cancelAfter": 1 },
            "responses": [ { "stream": { "events": [ { "raw": "data: {}\n\n" }, { "raw": "data: {}\n\n", "delayMs": 50 } ] } } ]
            """);
        Write("limits", "limits.x.budget", """
            "client": { "totalTimeoutMs": 1000 },
            "responses": [ { "stream": { "events": [ { "raw": "data: {}\n\n" }, { "raw": "data: {}\n\n", "delayMs": 60000 } ] } } ]
            """);
        var loaded = ScenarioCatalog.LoadDirectory(_dir);
        Assert.That(loaded.Errors, Is.Empty);
        _catalog = loaded.Catalog;
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_dir, recursive: true);

    private void Write(string family, string id, string body)
    {
        Directory.CreateDirectory(Path.Combine(_dir, family));
        File.WriteAllText(Path.Combine(_dir, family, id + ".json"),
            $$"""{ "id": "{{id}}", "title": "t", "description": "d", "rules": ["llm.content.exact"], "api": "openai-chat", {{body}} }""");
    }

    private Scenario S(string id) => _catalog.Find(id)!;

    [Test]
    public void CaseCost_IsTheScriptedDelays_PlusAStallBoundedByTheIdleTimeout() =>
        Assert.That(CaseCost.EstimateMs(S("timeouts.x.stall")), Is.EqualTo(300 + 400));

    [Test]
    public void CaseCost_CountsTheRetryAfterWait_AndEveryResponseServed() =>
        Assert.That(CaseCost.EstimateMs(S("retries.x.retry-after")), Is.EqualTo(2000 + 100));

    [Test]
    public void CaseCost_AddsTheLingerOfACancellingClient() =>
        Assert.That(CaseCost.EstimateMs(S("cancellation.x.cancel")), Is.EqualTo(50 + Conformance.Core.Scoring.Checks.CancelCheck.LingerMs));

    [Test]
    public void CaseCost_IsBoundedByTheClientsTotalBudget() =>
        Assert.That(CaseCost.EstimateMs(S("limits.x.budget")), Is.EqualTo(1000));

    private ConformanceRunner Runner()
    {
        var (rules, errors) = RuleCatalog.LoadFile(Repo.Rules);
        Assert.That(errors, Is.Empty);
        return new ConformanceRunner(_catalog, rules.All);
    }

    private static ClientUnderTest Client(IClientDriver driver) =>
        new(driver, Profiles.Default, new ClientInfo(driver.Name, "fake", driver.Name, Profiles.Default.Name));

    [Test]
    public async Task Cases_StartLongestFirst_AndResultsKeepTheCatalogueOrder()
    {
        var driver = new FakeDriver("order", sendRequest: false, hold: TimeSpan.Zero);
        var run = await Runner().RunAsync([Client(driver)], new RunOptions { Parallel = 1 }, null, CancellationToken.None);
        Assert.That(driver.Started, Is.EqualTo(new[] { "retries.x.retry-after", "limits.x.budget", "cancellation.x.cancel", "timeouts.x.stall" }));
        Assert.That(run.Cases.Select(c => c.ScenarioId), Is.EqualTo(run.Cases.Select(c => c.ScenarioId).Order(StringComparer.Ordinal)));
    }

    [Test]
    public async Task ClientsThatNeverReachTheServer_StartOneAtATime_UnderStartingOne()
    {
        var driver = new FakeDriver("silent", sendRequest: false, hold: TimeSpan.FromMilliseconds(150));
        await Runner().RunAsync([Client(driver)], new RunOptions { Parallel = 4, Starting = 1 }, null, CancellationToken.None);
        Assert.That(driver.MaxConcurrent, Is.EqualTo(1), "a starting client holds its place until it reaches the server or ends");
    }

    [Test]
    public async Task ClientsThatReachedTheServer_GiveTheirPlaceBack_SoStreamingCasesOverlap()
    {
        var driver = new FakeDriver("streaming", sendRequest: true, hold: TimeSpan.FromMilliseconds(400));
        await Runner().RunAsync([Client(driver)], new RunOptions { Parallel = 4, Starting = 1 }, null, CancellationToken.None);
        Assert.That(driver.MaxConcurrent, Is.GreaterThan(1), "once its request is at the server a case no longer counts as starting");
    }

    /// <summary>A client that records when it runs; it sends its request (and reads the head) or not, then holds.</summary>
    private sealed class FakeDriver(string name, bool sendRequest, TimeSpan hold) : IClientDriver
    {
        private static readonly HttpClient Http = new();
        private int _running;
        private int _max;
        public ConcurrentQueue<string> Order { get; } = new();
        public IReadOnlyList<string> Started => [.. Order];
        public int MaxConcurrent => Volatile.Read(ref _max);
        public string Name => name;

        public async Task<ClientRun> RunAsync(ClientInvocation invocation, TimeSpan timeout, CancellationToken ct)
        {
            Order.Enqueue(invocation.RequestJson.Contains("\"model\":\"", StringComparison.Ordinal)
                ? System.Text.Json.JsonDocument.Parse(invocation.RequestJson).RootElement.GetProperty("model").GetString()!
                : "?");
            var now = Interlocked.Increment(ref _running);
            for (var seen = Volatile.Read(ref _max); now > seen && Interlocked.CompareExchange(ref _max, now, seen) != seen; seen = Volatile.Read(ref _max)) { }
            try
            {
                if (sendRequest)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, invocation.BaseUrl + "/chat/completions")
                    {
                        Content = new StringContent(invocation.RequestJson, System.Text.Encoding.UTF8, "application/json"),
                    };
                    using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                    await Task.Delay(hold, ct);
                }
                else await Task.Delay(hold, ct);
            }
            finally { Interlocked.Decrement(ref _running); }
            return new ClientRun { Observations = [], Faults = [], DurationMs = hold.TotalMilliseconds };
        }
    }
}
