using System.Collections.Concurrent;
using System.Net;
using Conformance.Browser;
using Conformance.Core.Reports;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Runner.Running;
using Conformance.Server.Hosting;
using Conformance.Tests.Scenarios;

namespace Conformance.Tests.Browser;

/// <summary>
/// The browser targets at the verdict level: the real <see cref="ConformanceRunner"/> scores each
/// built-in in real Chromium, on the profile the CLI would choose (the target's own, else the default),
/// and the tests assert the scorer's verdict per rule id. One browser and one run per target for the
/// fixture; the tests only read the results.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class BrowserVerdictTests
{
    // The WHATWG framing cases (CR, LF, CRLF, BOM, comments) and the mixed cycle of all three.
    private const string WhatwgFraming =
        "framing.cr.bare-cr-line-endings,framing.lf.basic-stream,framing.crlf.blank-line-split,framing.crlf.split-between-cr-and-lf," +
        "encoding.bom.leading-bom,fields.comments.everywhere,framing.mixed.line-endings-cycle";

    // fetch-careful's share of the catalogue: the whole catalogue takes minutes in a browser (docs/browser-contract.md, Cost),
    // so the CI run takes the framing and encoding families, which are what a browser client's own parser decides.
    private const string CarefulFilter = "framing.*,encoding.*";

    private BrowserSession _session = null!;
    private readonly Dictionary<string, RunResult> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<ExchangeLog> _exchanges = [];
    private string _reportFolder = null!;

    [OneTimeSetUp]
    public async Task RunEveryTargetOnce()
    {
        var root = ScenarioJson.RepoRoot();
        var catalog = ScenarioCatalog.LoadDirectory(Path.Combine(root, "scenarios")).Catalog;
        var (rules, ruleErrors) = RuleCatalog.LoadFile(Path.Combine(root, "rules", "rules.json"));
        Assert.That(ruleErrors, Is.Empty);
        _session = await BrowserSession.StartAsync(new BrowserOptions { ClientsDirectory = Path.Combine(root, "clients", "browser") });

        var runner = new ConformanceRunner(catalog, rules.All);
        runner.ExchangeCompleted += _exchanges.Add;
        await RunAsync(runner, BrowserTargets.FetchCareful, CarefulFilter);
        // One page at a time, on a warm browser: a split only fails the naive loop when the page reads the two writes
        // separately, and a page busy enough to let 20 ms pass unread gets both writes in one read (and passes).
        await RunAsync(runner, BrowserTargets.FetchNaive, "encoding.utf8.*-char-split,framing.split.inside-json-string,framing.single.all-events-in-one-read", parallel: 1);
        await RunAsync(runner, BrowserTargets.EventSource, WhatwgFraming + ",errors.http.401-unauthorized,retries.429.retry-after-then-success");
        await RunAsync(runner, BrowserTargets.OpenAiSdk, "framing.lf.basic-stream");
        await RunAsync(runner, BrowserTargets.EventSourceEvents, "reconnect.*");

        _reportFolder = Path.Combine(Path.GetTempPath(), "conformance-verdicts-" + Guid.NewGuid().ToString("N")[..8]);
        await new CompositeReporter([Reporters.Html]).WriteAllAsync(_runs[BrowserTargets.FetchNaive], _reportFolder);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_session is not null) await _session.DisposeAsync();
        if (_reportFolder is not null && Directory.Exists(_reportFolder)) Directory.Delete(_reportFolder, recursive: true);
    }

    /// <summary>What `conformance run --browser TARGET` builds: the target's own profile, else the default; its own capabilities.</summary>
    private async Task RunAsync(ConformanceRunner runner, string name, string filter, int parallel = 2)
    {
        var driver = await _session.CreateDriverAsync(name);
        var target = driver.Target;
        var profile = (target.Profile is { } own ? Profiles.Find(own) : null) ?? Profiles.Default;
        var client = new ClientUnderTest(driver, profile, driver.ClientInfo(profile.Name)) { Capabilities = target.Capabilities };
        _runs[name] = await runner.RunAsync([client], new RunOptions { Parallel = parallel, Filter = filter }, null, CancellationToken.None);
    }

    private CaseResult Case(string target, string scenarioId) =>
        _runs[target].Cases.SingleOrDefault(c => c.ScenarioId == scenarioId) ?? throw new AssertionException($"{target} did not run {scenarioId}");

    private static Verdict VerdictOf(CaseResult c, string ruleId) =>
        c.Verdicts.SingleOrDefault(v => v.RuleId == ruleId)?.Verdict ?? throw new AssertionException($"{c.ScenarioId} does not cite {ruleId}");

    private static string Describe(CaseResult c) =>
        $"{c.Client} {c.ScenarioId}: " + string.Join("; ", c.Verdicts.Select(v => $"{v.RuleId} {v.Verdict.Label()} {v.Reason}")) +
        $"\nobservations: {string.Join(" | ", c.Observations)}" +
        $"\nwrites: {string.Join(" ", c.Journal.Exchanges.SelectMany(e => e.Response?.Writes ?? []).Select(w => $"{w.Offset}+{w.Length}@{w.AtMs:0}ms"))}" +
        $"\nfaults: {string.Join("; ", c.Faults)}\nconsole:\n{c.Attachments.GetValueOrDefault("console")}";

    private static bool IsFailure(Verdict v) => v.IsFailure();

    // ---- eventsource-events (whatwg profile, events level): Chromium's own EventSource reconnecting ----

    [Test]
    [Description("sse.reconnect.after-end, sse.reconnect.last-event-id, sse.reconnect.events-once, sse.reconnect.retry-delay, sse.reconnect.retry-prompt, sse.retry.digits-only, sse.id.persists, sse.id.nul-ignored, sse.id.empty-resets, sse.id.set-without-data, sse.reconnect.204-stops, sse.reconnect.content-type-stops, sse.reconnect.http-error-stops")]
    public void EventSourceEvents_ReconnectionFamily_PassesEveryRule_OverGet()
    {
        var family = ScenarioCatalog.LoadDirectory(Path.Combine(ScenarioJson.RepoRoot(), "scenarios")).Catalog.All.Count(s => s.Family == "reconnect");
        var cases = _runs[BrowserTargets.EventSourceEvents].Cases;
        Assert.That(cases, Has.Count.EqualTo(family));
        foreach (var c in cases)
        {
            Assert.That(c.Verdicts.Select(v => v.Verdict), Has.All.EqualTo(Verdict.Pass), Describe(c));
            Assert.That(c.Journal.Exchanges.Select(e => e.Request.Method), Has.All.EqualTo("GET"), "EventSource reconnects with the GET it started with");
        }
        // The UTF-8 id went back as UTF-8 bytes (the server keeps header bytes as Latin-1 characters).
        var utf8 = Case(BrowserTargets.EventSourceEvents, "reconnect.last-event-id.utf8").Journal.Exchanges[1].Request.Headers
            .Single(h => h.Key.Equals("Last-Event-ID", StringComparison.OrdinalIgnoreCase)).Value;
        Assert.That(System.Text.Encoding.Latin1.GetBytes(utf8), Is.EqualTo(System.Text.Encoding.UTF8.GetBytes("café-☕-7")));
    }

    // ---- fetch-naive (conduit profile): the split rules fail, a single write passes ----

    [TestCase("encoding.utf8.two-byte-char-split")]
    [TestCase("encoding.utf8.three-byte-char-split")]
    [TestCase("encoding.utf8.four-byte-char-split")]
    [Description("sse.utf8.split")]
    public void FetchNaive_Utf8CharSplit_FailsSseUtf8Split(string scenarioId)
    {
        var c = Case(BrowserTargets.FetchNaive, scenarioId);
        Assert.That(VerdictOf(c, "sse.utf8.split"), Is.EqualTo(Verdict.Fail), Describe(c));
    }

    [Test]
    [Description("sse.buffer.partial-json")]
    public void FetchNaive_SplitInsideJsonString_FailsSseBufferPartialJson()
    {
        var c = Case(BrowserTargets.FetchNaive, "framing.split.inside-json-string");
        Assert.That(VerdictOf(c, "sse.buffer.partial-json"), Is.EqualTo(Verdict.Fail), Describe(c));
    }

    [Test]
    [Description("sse.buffer.several-events-per-read, llm.content.exact")]
    public void FetchNaive_AllEventsInOneRead_Passes()
    {
        var c = Case(BrowserTargets.FetchNaive, "framing.single.all-events-in-one-read");
        Assert.That(c.Verdicts.Select(v => v.Verdict), Has.None.Matches<Verdict>(IsFailure), Describe(c));
        Assert.That(VerdictOf(c, "llm.content.exact"), Is.EqualTo(Verdict.Pass), Describe(c));
    }

    [Test]
    [Description("reports: a failing browser case carries the page's screenshot and console log, in the result and in the HTML")]
    public void FetchNaive_FailingCase_CarriesScreenshotAndConsole_IntoTheHtmlReport()
    {
        var c = Case(BrowserTargets.FetchNaive, "framing.split.inside-json-string");
        Assert.That(c.Verdicts.Select(v => v.Verdict), Has.Some.EqualTo(Verdict.Fail), Describe(c));
        Assert.That(c.Attachments, Does.ContainKey("screenshot").And.ContainKey("console"), Describe(c));
        var shot = c.Attachments["screenshot"];
        var console = c.Attachments["console"];
        Assert.That(shot, Does.StartWith("data:image/png;base64,"));
        Assert.That(Convert.FromBase64String(shot["data:image/png;base64,".Length..])[1..4], Is.EqualTo("PNG"u8.ToArray()), "a real PNG");
        Assert.That(console, Is.Not.Empty, "the console log records the page's output");

        var html = File.ReadAllText(Path.Combine(_reportFolder, Reporters.Html.FileName));
        Assert.That(html, Does.Contain($"<img class=\"shot\" alt=\"browser screenshot\" src=\"{shot}\">"));
        var line = console.Split('\n').First(l => l.Length > 0);
        Assert.That(html, Does.Contain(WebUtility.HtmlEncode(line)), "the console text for that case");
    }

    // ---- fetch-careful (openai profile): nothing fails ----

    [Test]
    [Description("every rule the framing.* and encoding.* scenarios cite")]
    public void FetchCareful_FramingAndEncoding_NoFailAdapterErrorOrTimeout()
    {
        var run = _runs[BrowserTargets.FetchCareful];
        Assert.That(run.Cases, Has.Count.GreaterThanOrEqualTo(25), "the filter selected the two families");
        var bad = run.Cases.Where(c => c.Verdicts.Any(v => IsFailure(v.Verdict))).Select(Describe).ToList();
        Assert.That(bad, Is.Empty, string.Join("\n\n", bad));
    }

    // ---- eventsource (whatwg profile): the WHATWG framing cases pass, through the GET form ----

    [TestCase("framing.cr.bare-cr-line-endings", "sse.framing.cr")]
    [TestCase("framing.lf.basic-stream", "sse.framing.lf")]
    [TestCase("framing.crlf.blank-line-split", "sse.framing.crlf")]
    [TestCase("framing.crlf.split-between-cr-and-lf", "sse.framing.crlf")]
    [TestCase("framing.mixed.line-endings-cycle", "sse.framing.cr")]
    [TestCase("encoding.bom.leading-bom", "sse.bom")]
    [TestCase("fields.comments.everywhere", "sse.comments.ignored")]
    public void EventSource_WhatwgFramingCase_Passes_OverGet(string scenarioId, string ruleId)
    {
        var c = Case(BrowserTargets.EventSource, scenarioId);
        Assert.That(VerdictOf(c, ruleId), Is.EqualTo(Verdict.Pass), Describe(c));
        Assert.That(VerdictOf(c, "llm.content.exact"), Is.EqualTo(Verdict.Pass), Describe(c));
        Assert.That(c.Verdicts.Select(v => v.Verdict), Has.None.Matches<Verdict>(IsFailure), Describe(c));
        Assert.That(c.Journal.Exchanges.Select(e => e.Request.Method), Is.EqualTo(new[] { "GET" }), "EventSource uses the GET form");
    }

    [Test]
    [Description("http.error.status; capability 'status'")]
    public void EventSource_CannotSeeAStatus_SoHttpErrorStatusPasses_OnAnyError()
    {
        var c = Case(BrowserTargets.EventSource, "errors.http.401-unauthorized");
        Assert.That(VerdictOf(c, "http.error.status"), Is.EqualTo(Verdict.Pass), Describe(c));
        Assert.That(c.Verdicts.Single(v => v.RuleId == "http.error.status").Reason, Does.Contain("does not declare feature 'status'"));
    }

    [Test]
    [Description("capability 'retries': EventSource reconnects by its own policy")]
    public void EventSource_RetryCase_IsNotRun_WithTheReason()
    {
        var c = Case(BrowserTargets.EventSource, "retries.429.retry-after-then-success");
        Assert.That(c.Verdicts.Select(v => v.Verdict), Is.All.EqualTo(Verdict.NotRun), Describe(c));
        Assert.That(c.Verdicts[0].Reason, Does.StartWith("not run: client does not declare feature 'retries'"));
        Assert.That(c.Journal.Exchanges, Is.Empty, "a case that is not run sends nothing");
    }

    // ---- openai-sdk (openai profile): the bundled npm package, cross-origin with a preflight ----

    [Test]
    [Description("llm.content.exact; CORS preflight")]
    public void OpenAiSdk_PlainChatCase_PassesContentExact_AfterAPreflight()
    {
        var c = Case(BrowserTargets.OpenAiSdk, "framing.lf.basic-stream");
        Assert.That(VerdictOf(c, "llm.content.exact"), Is.EqualTo(Verdict.Pass), Describe(c));
        var post = c.Journal.Exchanges.Single().Request;
        Assert.That(post.Method, Is.EqualTo("POST"));
        Assert.That(post.Headers.Any(h => h.Key.StartsWith("x-stainless-", StringComparison.OrdinalIgnoreCase)), Is.True, "the SDK's own headers arrived");
        var origin = post.Headers.FirstOrDefault(h => h.Key.Equals("Origin", StringComparison.OrdinalIgnoreCase)).Value;
        Assert.That(origin, Is.EqualTo(_session.PageOrigin.ToString().TrimEnd('/')), "a cross-origin request from the page's origin");
        // The router answers a preflight itself, so no case journal holds it; the server's exchange log does.
        Assert.That(_exchanges.Where(e => e.Method == "OPTIONS" && e.CaseId == c.CaseId || e.Method == "OPTIONS" && e.Path.Contains(c.CaseId, StringComparison.Ordinal)),
            Is.Not.Empty, "the OPTIONS preflight for that case reached the server");
    }
}
