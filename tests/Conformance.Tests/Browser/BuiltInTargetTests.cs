using Conformance.Core.Observations;

namespace Conformance.Tests.Browser;

/// <summary>The built-in browser targets in real Chromium against the real scenario catalogue.</summary>
[TestFixture]
[NonParallelizable]
public sealed class BuiltInTargetTests
{
    private BrowserCaseHost _host = null!;

    [OneTimeSetUp]
    public async Task StartBrowserAndServer() => _host = await BrowserCaseHost.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _host.DisposeAsync();

    // ---- fetch-naive (seed 002): fails the split rules, passes a single write ----

    [TestCase("encoding.utf8.two-byte-char-split", "Grüße, café")]
    [TestCase("encoding.utf8.three-byte-char-split", null)]
    [TestCase("encoding.utf8.four-byte-char-split", "Launch 🚀 party 🎉")]
    [Description("sse.utf8.split: the naive loop JSON.parses a line cut across two reads")]
    public async Task FetchNaive_SplitUtf8_GarblesOrFailsToParse(string scenarioId, string? correct)
    {
        var o = await _host.RunAsync("fetch-naive", scenarioId);
        Assert.That(o.Run.Faults, Is.Empty, o.Describe());
        var parseError = o.Last is ErrorObservation { Kind: "parse" };
        var garbled = correct is not null ? o.Text != correct : o.Text.Contains('\uFFFD') || o.Last is not EndObservation { Reason: "done" };
        Assert.That(parseError || garbled, Is.True, o.Describe());
    }

    [TestCase("framing.drip.one-byte-writes", "Hi!")]
    [TestCase("framing.offsets.split-inside-field-name", "Hello")]
    [Description("sse.buffer.partial-json: a line split across reads is lost or reaches JSON.parse half-made")]
    public async Task FetchNaive_SplitJson_LosesOrMisparsesLines(string scenarioId, string correct)
    {
        var o = await _host.RunAsync("fetch-naive", scenarioId);
        Assert.That(o.Run.Faults, Is.Empty, o.Describe());
        var parseError = o.Last is ErrorObservation { Kind: "parse" };
        Assert.That(parseError || o.Text != correct, Is.True, o.Describe());
    }

    [Test]
    [Description("framing.single: everything in one read is the case the naive loop handles")]
    public async Task FetchNaive_SingleWrite_ExactText()
    {
        var o = await _host.RunAsync("fetch-naive", "framing.single.all-events-in-one-read");
        Assert.That(o.Run.Faults, Is.Empty, o.Describe());
        Assert.That(o.Text, Is.EqualTo("Hello, world"));
        Assert.That(o.Last, Is.EqualTo(new EndObservation("done") { AtMs = o.Last!.AtMs }));
    }

    // ---- fetch-careful: exact on the framing/encoding cases, right error kinds, retries ----

    [TestCase("encoding.utf8.two-byte-char-split", "Grüße, café")]
    [TestCase("encoding.utf8.four-byte-char-split", "Launch 🚀 party 🎉")]
    [TestCase("framing.crlf.split-between-cr-and-lf", "Hello, world")]
    [TestCase("framing.cr.bare-cr-line-endings", "Hello, world")]
    [TestCase("encoding.bom.leading-bom", "Hello")]
    [TestCase("fields.comments.heartbeat-between-events", "Hello, world")]
    [TestCase("framing.drip.one-byte-writes", "Hi!")]
    [TestCase("framing.offsets.split-inside-field-name", "Hello")]
    [TestCase("framing.single.all-events-in-one-read", "Hello, world")]
    [TestCase("llm-openai.completions.basic", "Once upon a time")]
    public async Task FetchCareful_YieldsExactText(string scenarioId, string expected)
    {
        var o = await _host.RunAsync("fetch-careful", scenarioId);
        Assert.That(o.Run.Faults, Is.Empty, o.Describe());
        Assert.That(o.Text, Is.EqualTo(expected), o.Describe());
        Assert.That(o.Last, Is.InstanceOf<EndObservation>().With.Property("Reason").EqualTo("done"), o.Describe());
        Assert.That(o.Run.Attachments, Does.Not.ContainKey("screenshot"), "no screenshot for a clean case by default");
    }

    [TestCase("termination.fin.mid-stream")]
    [TestCase("termination.reset.mid-stream")]
    [Description("net.fin.not-success: a cut stream is a network error, never a success")]
    public async Task FetchCareful_CutStream_IsNetworkError(string scenarioId)
    {
        var o = await _host.RunAsync("fetch-careful", scenarioId);
        Assert.That(o.Run.Faults, Is.Empty, o.Describe());
        Assert.That(o.Last, Is.InstanceOf<ErrorObservation>().With.Property("Kind").EqualTo("network"), o.Describe());
        // The cut falls after the "Hello" event (afterBytes; ScenarioSplitPointTests pins it). After a FIN the partial
        // text survives; an RST may discard bytes the browser had received but not yet read, so only a prefix is sure.
        if (scenarioId.Contains(".fin.", StringComparison.Ordinal)) Assert.That(o.Text, Is.EqualTo("Hello"), o.Describe());
        else Assert.That("Hello, world", Does.StartWith(o.Text), o.Describe());
    }

    [Test]
    public async Task FetchCareful_IdleStall_IsTimeoutError()
    {
        var o = await _host.RunAsync("fetch-careful", "timeouts.idle.stall-mid-stream");
        Assert.That(o.Run.Faults, Is.Empty, o.Describe());
        Assert.That(o.Last, Is.InstanceOf<ErrorObservation>().With.Property("Kind").EqualTo("timeout"), o.Describe());
    }

    [Test]
    public async Task FetchCareful_CancelAfter_EndsCancelled_AndClosesTheConnection()
    {
        var o = await _host.RunAsync("fetch-careful", "cancellation.mid-stream.closes-connection");
        Assert.That(o.Run.Faults, Is.Empty, o.Describe());
        Assert.That(o.Last, Is.InstanceOf<EndObservation>().With.Property("Reason").EqualTo("cancelled"), o.Describe());
        Assert.That(o.Chunks, Has.Count.EqualTo(o.Scenario.Client.CancelAfter));
        Assert.That(o.Journal.Exchanges[0].Response!.Ended, Is.EqualTo("client-closed"), "the abort reached the server");
    }

    [Test]
    public async Task FetchCareful_EmbeddedError_IsApiError()
    {
        var o = await _host.RunAsync("fetch-careful", "errors.embedded.openai-error-object");
        Assert.That(o.Last, Is.InstanceOf<ErrorObservation>(), o.Describe());
        var error = (ErrorObservation)o.Last!;
        Assert.That(error.Kind, Is.EqualTo("api"));
        Assert.That(error.Message, Is.EqualTo("The server had an error while processing your request."));
        Assert.That(o.Text, Is.EqualTo("Partial"));
    }

    [Test]
    [Description("http.retry.429 + http.retry-after.seconds")]
    public async Task FetchCareful_429_RetriesAfterRetryAfter()
    {
        var o = await _host.RunAsync("fetch-careful", "retries.429.retry-after-then-success");
        Assert.That(o.Run.Faults, Is.Empty, o.Describe());
        Assert.That(o.Run.Observations.OfType<RetryObservation>().Select(r => r.Attempt), Is.EqualTo(new[] { 2 }));
        Assert.That(o.Text, Is.EqualTo("Hello"));
        Assert.That(o.Journal.Exchanges, Has.Count.EqualTo(2));
        var gap = o.Journal.Exchanges[1].Request.At - o.Journal.Exchanges[0].Request.At;
        Assert.That(gap, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950)), "Retry-After: 1 honoured");
    }

    // ---- eventsource: the browser's own WHATWG parser on the GET form ----

    [TestCase("framing.cr.bare-cr-line-endings", "Hello, world")]
    [TestCase("framing.single.all-events-in-one-read", "Hello, world")] // LF
    [TestCase("framing.crlf.split-between-cr-and-lf", "Hello, world")]
    [TestCase("encoding.bom.leading-bom", "Hello")]
    [TestCase("fields.comments.heartbeat-between-events", "Hello, world")]
    [Description("whatwg framing: CR, LF, CRLF, BOM, comments")]
    public async Task EventSource_WhatwgFraming_ExactChunks(string scenarioId, string expected)
    {
        var es = await _host.RunAsync("eventsource", scenarioId);
        var careful = await _host.RunAsync("fetch-careful", scenarioId);
        Assert.That(es.Run.Faults, Is.Empty, es.Describe());
        Assert.That(es.Journal.Exchanges[0].Request.Method, Is.EqualTo("GET"));
        Assert.That(es.Text, Is.EqualTo(expected), es.Describe());
        Assert.That(es.Chunks.Select(c => c.GetRawText()), Is.EqualTo(careful.Chunks.Select(c => c.GetRawText())), "the same chunks as the careful fetch parser");
        Assert.That(es.Last, Is.InstanceOf<EndObservation>().With.Property("Reason").EqualTo("done"), es.Describe());
        Assert.That(es.Journal.Exchanges, Has.Count.EqualTo(1), "closed after [DONE]: no reconnect");
    }

    // ---- the openai npm package, bundled by esbuild, in the page; CORS ----

    [TestCase("framing.single.all-events-in-one-read", "Hello, world")]
    [TestCase("llm-openai.completions.basic", "Once upon a time")]
    public async Task OpenAiSdk_StreamsPlainCase(string scenarioId, string expected)
    {
        var o = await _host.RunAsync("openai-sdk", scenarioId);
        Assert.That(o.Run.Faults, Is.Empty, o.Describe());
        Assert.That(o.Text, Is.EqualTo(expected), o.Describe());
        Assert.That(o.Last, Is.InstanceOf<EndObservation>(), o.Describe());
    }

    [Test]
    [Description("CORS: the page origin differs from the server's; the SDK's x-stainless headers force a preflight")]
    public async Task OpenAiSdk_CrossOriginPost_IsPreflighted()
    {
        var o = await _host.RunAsync("openai-sdk", "framing.single.all-events-in-one-read");
        Assert.That(o.Run.Faults, Is.Empty, o.Describe());
        var post = o.Journal.Exchanges.Single().Request;
        var header = (string name) => post.Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
        Assert.That(header("Origin"), Is.EqualTo(_host.Session.PageOrigin.ToString().TrimEnd('/')));
        Assert.That(header("Origin"), Is.Not.EqualTo(_host.Server.BaseUrl.ToString().TrimEnd('/')));
        Assert.That(post.Headers.Any(h => h.Key.StartsWith("x-stainless-", StringComparison.OrdinalIgnoreCase)), Is.True, "the SDK's non-simple headers arrived");
        Assert.That(_host.Exchanges.Any(e => e.Method == "OPTIONS" && e.Path.Contains(o.Handle.CaseId, StringComparison.Ordinal)), Is.True, "the preflight reached the server");
    }
}
