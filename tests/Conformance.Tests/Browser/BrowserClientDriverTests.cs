using System.Diagnostics;
using Conformance.Browser;
using Conformance.Core.Observations;
using Conformance.Runner.Clients;

namespace Conformance.Tests.Browser;

/// <summary>The driver's side of the browser contract: faults, timeouts, attachments, parallel pages, custom modules.</summary>
[TestFixture]
[NonParallelizable]
public sealed class BrowserClientDriverTests
{
    private BrowserCaseHost _host = null!;
    private string _modules = null!;

    [OneTimeSetUp]
    public async Task StartBrowserAndServer()
    {
        _host = await BrowserCaseHost.StartAsync();
        _modules = Directory.CreateTempSubdirectory("conformance-browser-").FullName;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        await _host.DisposeAsync();
        Directory.Delete(_modules, recursive: true);
    }

    private string Module(string name, string source)
    {
        var path = Path.Combine(_modules, name + ".mjs");
        File.WriteAllText(path, source);
        return path;
    }

    [Test]
    public void Session_ReportsBrowserVersion()
    {
        Assert.That(_host.Session.Version, Does.Match(@"^\d+\.\d+"));
        Assert.That(_host.Session.EnvironmentLabel, Does.StartWith("chromium " + _host.Session.Version));
    }

    [Test]
    public async Task CustomModule_EmitsObservations_AndSeesCtx()
    {
        var path = Module("echo", """
            export default async function run(ctx) {
              console.log("hello from", ctx.caseId);
              ctx.emit({ type: "chunk", data: { api: ctx.api, endpoint: ctx.endpoint, key: ctx.apiKey, body: JSON.parse(ctx.request).model, aborted: ctx.signal.aborted, retries: ctx.maxRetries } });
              ctx.emit({ type: "end", reason: "eof" });
            }
            """);
        var o = await _host.RunAsync(path, "retries.429.retry-after-then-success");
        Assert.That(o.Run.Faults, Is.Empty, o.Describe());
        var data = o.Chunks.Single();
        Assert.That(data.GetProperty("api").GetString(), Is.EqualTo("openai-chat"));
        Assert.That(data.GetProperty("endpoint").GetString(), Is.EqualTo("chat/completions"));
        Assert.That(data.GetProperty("body").GetString(), Is.EqualTo("retries.429.retry-after-then-success"));
        Assert.That(data.GetProperty("aborted").GetBoolean(), Is.False);
        Assert.That(data.GetProperty("retries").GetInt32(), Is.EqualTo(2));
        Assert.That(o.Run.Attachments["console"], Does.Contain("[log] hello from " + o.Handle.CaseId));
        Assert.That(o.Run.Observations.Select(x => x.AtMs), Is.Ordered);
    }

    [Test]
    public async Task ManyEmits_ArriveInOrder()
    {
        var path = Module("many", """
            export default async function run(ctx) {
              for (let i = 0; i < 500; i++) ctx.emit({ type: "chunk", data: { i } });
              ctx.emit({ type: "end", reason: "done" });
            }
            """);
        var o = await _host.RunAsync(path, "framing.single.all-events-in-one-read");
        Assert.That(o.Run.Faults, Is.Empty, o.Describe());
        Assert.That(o.Chunks.Select(c => c.GetProperty("i").GetInt32()), Is.EqualTo(Enumerable.Range(0, 500)));
        Assert.That(o.Run.Observations.Select(x => x.AtMs), Is.Ordered);
    }

    [Test]
    public async Task ClientInfo_NamesBrowserAndProfile()
    {
        var info = (await _host.DriverAsync("eventsource")).ClientInfo();
        Assert.That(info.Driver, Is.EqualTo("browser"));
        Assert.That(info.Target, Is.EqualTo("eventsource"));
        Assert.That(info.Profile, Is.EqualTo("whatwg"));
        Assert.That(info.Environment, Is.EqualTo(_host.Session.EnvironmentLabel));
    }

    [Test]
    public async Task ModuleThatThrows_IsFault_WithErrorAsStderr_AndScreenshot()
    {
        var path = Module("throws", """
            export default async function run(ctx) {
              ctx.emit({ type: "chunk", data: "token" });
              throw new Error("boom in the client");
            }
            """);
        var o = await _host.RunAsync(path, "framing.single.all-events-in-one-read");
        Assert.That(o.Run.Faults[0], Is.EqualTo("module threw: boom in the client"));
        Assert.That(o.Run.Faults, Does.Contain("no final end or error observation"));
        Assert.That(o.Run.Stderr, Does.Contain("boom in the client"));
        Assert.That(o.Run.Observations, Has.Count.EqualTo(1));
        Assert.That(o.Run.Attachments["screenshot"], Does.StartWith("data:image/png;base64,"));
    }

    [Test]
    public async Task NoFinalObservation_IsFault()
    {
        var path = Module("silent", "export default async function run(ctx) { ctx.emit({ type: 'chunk', data: {} }); }");
        var o = await _host.RunAsync(path, "framing.single.all-events-in-one-read");
        Assert.That(o.Run.Faults, Is.EqualTo(new[] { "no final end or error observation" }));
    }

    [Test]
    public async Task BadObservation_IsFault()
    {
        var path = Module("bad", "export default async function run(ctx) { ctx.emit({ type: 'nope' }); ctx.emit({ type: 'end', reason: 'done' }); }");
        var o = await _host.RunAsync(path, "framing.single.all-events-in-one-read");
        Assert.That(o.Run.Faults, Has.Some.StartsWith("unknown observation type \"nope\""));
    }

    [Test]
    public async Task MissingModuleExport_IsFault()
    {
        var path = Module("noexport", "export const x = 1;");
        var o = await _host.RunAsync(path, "framing.single.all-events-in-one-read");
        Assert.That(o.Run.Faults[0], Does.StartWith("could not load module").And.Contain("no default export"));
    }

    [Test]
    public async Task HangingModule_TimesOut_ContextClosed_WithScreenshotAndConsole()
    {
        var path = Module("hangs", """
            export default function run(ctx) {
              console.warn("about to hang");
              ctx.emit({ type: "chunk", data: "first" });
              return new Promise(() => {});
            }
            """);
        var clock = Stopwatch.StartNew();
        var o = await _host.RunAsync(path, "framing.single.all-events-in-one-read", TimeSpan.FromSeconds(2));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        Assert.That(o.Run.TimedOut, Is.True);
        Assert.That(o.Run.Observations, Has.Count.EqualTo(1));
        Assert.That(o.Run.Attachments["screenshot"], Does.StartWith("data:image/png;base64,"));
        Assert.That(o.Run.Attachments["console"], Does.Contain("[warning] about to hang").And.Contain("case timeout"));
    }

    [Test]
    public async Task ParallelCases_RunInTheirOwnPages()
    {
        var ids = new[] { "framing.single.all-events-in-one-read", "framing.cr.bare-cr-line-endings", "encoding.bom.leading-bom", "fields.comments.heartbeat-between-events" };
        var outcomes = await Task.WhenAll(ids.Concat(ids).Select(id => _host.RunAsync("fetch-careful", id)));
        foreach (var o in outcomes)
        {
            Assert.That(o.Run.Faults, Is.Empty, o.Describe());
            Assert.That(o.Last, Is.InstanceOf<EndObservation>(), o.Describe());
        }
    }

    [Test]
    public void UnknownTarget_NamesTheBuiltIns()
    {
        var ex = Assert.Throws<ArgumentException>(() => BrowserTargets.Resolve("fetch-sloppy", _host.Session.ClientsDirectory));
        Assert.That(ex!.Message, Does.Contain("eventsource, fetch-naive, fetch-careful, openai-sdk"));
    }

    [Test]
    public void MissingBrowser_IsOneClearLine()
    {
        var ex = Assert.ThrowsAsync<BrowserNotFoundException>(() => BrowserSession.StartAsync(new BrowserOptions { ExecutablePath = "/nonexistent/chromium" }));
        Assert.That(ex!.Message, Is.EqualTo("Chromium not found at /nonexistent/chromium (from --browser-path). Install it: apt-get install -y chromium (or pass --browser-path)"));
        Assert.That(ex.Message, Does.Not.Contain("\n"));
    }

    [Test]
    public void MissingBrowser_FromEnvironment_SaysSo()
    {
        var options = new BrowserOptions { GetEnvironmentVariable = n => n == BrowserOptions.ExecutableVariable ? "/nope/chrome" : null };
        var ex = Assert.Throws<BrowserNotFoundException>(() => BrowserLocator.Resolve(options));
        Assert.That(ex!.Message, Does.StartWith("Chromium not found at /nope/chrome (from CONFORMANCE_BROWSER). Install it: apt-get install -y chromium"));
    }
}
