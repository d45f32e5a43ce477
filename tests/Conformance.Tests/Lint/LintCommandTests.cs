using System.Text.Json;
using Conformance.Cli;
using Conformance.Core.Results;
using Conformance.Core.Scoring;
using Conformance.Lint.Rules;

namespace Conformance.Tests.Lint;

/// <summary>
/// `lint` end to end: the real command line against the mock on a loopback port playing good and bad servers.
/// Good servers exit 0; each bad one exits 1 with a FAIL that names the rule and the bytes.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class LintCommandTests
{
    private static LintServers _servers = null!;
    private string _out = null!;

    [OneTimeSetUp]
    public static void StartServers() => _servers = LintServers.Start();

    [OneTimeTearDown]
    public static async Task StopServers() => await _servers.DisposeAsync();

    [SetUp]
    public void Folder() => _out = Directory.CreateTempSubdirectory("conformance-lint-").FullName;

    [TearDown]
    public void Clean() => Directory.Delete(_out, recursive: true);

    internal static async Task<(int Code, string Out, string Err)> Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private Task<(int Code, string Out, string Err)> Lint(string scenario, string api, params string[] extra) =>
        Cli(["lint", "--url", _servers.BaseOf(scenario, api), "--api", api, "--model", "any", "--out", _out, .. extra]);

    private RunResult Results() => ResultsJson.Deserialize(File.ReadAllText(Path.Combine(_out, "results.json")));

    [TestCase("framing.lf.basic-stream", "openai-chat")]
    [TestCase("lintfixture.good.paced", "openai-chat")]
    [TestCase("llm-openai.completions.basic", "openai-completions")]
    [TestCase("llm-anthropic.basic.message-stop", "anthropic-messages")]
    [TestCase("llm-responses.basic.completed-then-done", "openai-responses")]
    [TestCase("llm-responses.basic.completed-without-done", "openai-responses")]
    [TestCase("llm-responses.function-call.arguments-split", "openai-responses")]
    [TestCase("llm-gemini.basic.finish-stop", "gemini-generate")]
    [TestCase("llm-gemini.function-call.whole", "gemini-generate")]
    public async Task GoodServer_EveryMustRulePasses_ExitsZero(string scenario, string api)
    {
        var (code, output, err) = await Lint(scenario, api);

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), output + err);
        var verdicts = Results().Cases.Single().Verdicts;
        Assert.That(verdicts.Where(v => v.Verdict.IsFailure()), Is.Empty);
        Assert.That(verdicts.Select(v => v.RuleId), Has.Member(ServerRules.StatusOk).And.Member(ServerRules.BlankLine));
        Assert.That(Directory.GetFiles(_out).Select(Path.GetFileName), Is.SupersetOf(new[] { "results.json", "junit.xml", "summary.md", "index.html" }));
    }

    [Test]
    public async Task PacedGoodServer_FlushIsJudged_Pass()
    {
        await Lint("lintfixture.good.paced", "openai-chat");
        var flush = Results().Cases.Single().Verdicts.Single(v => v.RuleId == ServerRules.Flush);
        Assert.That(flush.Verdict, Is.EqualTo(Verdict.Pass), flush.Reason);
    }

    [TestCase("termination.done.missing", "openai-chat", ServerRules.OpenAiDone, "bytes")]
    [TestCase("framing.mixed.crlf-events-then-lf-events-one-read", "openai-chat", ServerRules.LineEndings, "bytes ")]
    [TestCase("lintfixture.bad.buffered", "openai-chat", ServerRules.Flush, "(bytes 0–")]
    [TestCase("framing.gzip.flushed-per-write", "openai-chat", ServerRules.NoCompression, "body bytes 0–")]
    [TestCase("lintfixture.bad.wrong-content-type", "openai-chat", ServerRules.ContentType, "text/plain")]
    [TestCase("errors.http.missing-content-type", "openai-chat", ServerRules.ContentType, "no Content-Type")]
    [TestCase("errors.embedded.openai-error-object", "openai-chat", ServerRules.OpenAiNoEmbeddedError, "bytes ")]
    [TestCase("llm-anthropic.message-stop.missing", "anthropic-messages", ServerRules.AnthropicMessageStop, "bytes")]
    [TestCase("llm-responses.terminal.missing-clean-eof", "openai-responses", ServerRules.ResponsesTerminal, "bytes")]
    [TestCase("llm-responses.terminal.events-after-completed", "openai-responses", ServerRules.ResponsesTerminal, "follows the terminal response.completed")]
    [TestCase("llm-responses.framing.no-event-lines", "openai-responses", ServerRules.ResponsesEventType, "has no event: line")]
    [TestCase("llm-gemini.finish.missing", "gemini-generate", ServerRules.GeminiFinishReason, "never gets a finishReason")]
    [TestCase("llm-gemini.error.embedded-after-content", "gemini-generate", ServerRules.GeminiFinishReason, "ends in the error chunk at bytes")]
    public async Task BadServer_FailsTheRule_AtTheBytes_ExitsOne(string scenario, string api, string rule, string where)
    {
        var (code, output, err) = await Lint(scenario, api);

        Assert.That(code, Is.EqualTo(ExitCodes.Failed), output + err);
        Assert.That(output, Does.Contain("FAIL").And.Contain(rule));
        var verdict = Results().Cases.Single().Verdicts.Single(v => v.RuleId == rule);
        Assert.That(verdict.Verdict, Is.EqualTo(Verdict.Fail), verdict.Reason);
        Assert.That(verdict.Reason + " | " + verdict.Evidence, Does.Contain(where));
    }

    [TestCase("llm-responses.sequence.duplicate", "the same as")]
    [TestCase("llm-responses.sequence.out-of-order", "lower than")]
    public async Task ResponsesServer_SequenceNumberThatDoesNotRise_IsNonStrict_ExitsZero(string scenario, string reason)
    {
        var (code, output, err) = await Lint(scenario, "openai-responses");

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), output + err);
        var verdict = Results().Cases.Single().Verdicts.Single(v => v.RuleId == ServerRules.ResponsesSequence);
        Assert.That(verdict.Verdict, Is.EqualTo(Verdict.NonStrict), verdict.Reason);
        Assert.That(verdict.Reason, Does.Contain(reason).And.Contain("bytes "));
    }

    [Test]
    public async Task BufferedServer_ReasonStatesTheThreshold()
    {
        await Lint("lintfixture.bad.buffered", "openai-chat");
        var flush = Results().Cases.Single().Verdicts.Single(v => v.RuleId == ServerRules.Flush);
        Assert.That(flush.Reason, Does.Contain("6 of 6 data events").And.Contain("threshold: ≥90% of ≥4 events in one burst"));
    }

    [Test]
    public async Task ErrorStatus_FailsStatus_JudgesTheErrorBody_SkipsTheStreamRules()
    {
        var (code, output, err) = await Lint("errors.http.401-unauthorized", "openai-chat");

        Assert.That(code, Is.EqualTo(ExitCodes.Failed), output + err);
        var verdicts = Results().Cases.Single().Verdicts.ToDictionary(v => v.RuleId);
        Assert.That(verdicts[ServerRules.StatusOk].Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(verdicts[ServerRules.StatusOk].Reason, Does.Contain("401"));
        Assert.That(verdicts[ServerRules.OpenAiErrorShape].Verdict, Is.EqualTo(Verdict.Pass), verdicts[ServerRules.OpenAiErrorShape].Reason);
        Assert.That(verdicts[ServerRules.OpenAiDone].Verdict, Is.EqualTo(Verdict.Skipped));
    }

    [Test]
    public async Task IncludeUsageRequested_UsageChunkIsJudged_FromTheGivenRequest()
    {
        var request = Path.Combine(_out, "req.json");
        await File.WriteAllTextAsync(request, """{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}""");
        var (good, _, _) = await Lint("llm-openai.usage.empty-choices-after-finish", "openai-chat", "--request", request);
        var usage = Results().Cases.Single().Verdicts.Single(v => v.RuleId == ServerRules.OpenAiUsageChunk);
        Assert.That((good, usage.Verdict), Is.EqualTo((ExitCodes.Ok, Verdict.Pass)), usage.Reason);

        var (bad, _, _) = await Lint("framing.lf.basic-stream", "openai-chat", "--request", request);
        usage = Results().Cases.Single().Verdicts.Single(v => v.RuleId == ServerRules.OpenAiUsageChunk);
        Assert.That((bad, usage.Verdict), Is.EqualTo((ExitCodes.Failed, Verdict.Fail)), usage.Reason);
    }

    [Test]
    public async Task Key_IsSent_ButNeverReachesAReportOrTheConsole()
    {
        const string variable = "CONFORMANCE_LINT_TEST_KEY";
        const string secret = "sk-lint-test-9f3c1e77d0a4";
        Environment.SetEnvironmentVariable(variable, secret);
        try
        {
            var before = _servers.Mock.Journal.All.Count;
            var (code, output, err) = await Lint("framing.lf.basic-stream", "openai-chat", "--key-env", variable, "--header", "X-Extra: 1");

            Assert.That(code, Is.EqualTo(ExitCodes.Ok), output + err);
            var sent = _servers.Mock.Journal.All.SelectMany(c => c.Snapshot().Exchanges).Select(x => x.Request)
                .Where(r => r.Headers.Any(h => h.Key == "X-Extra")).ToList();
            Assert.That(sent.SelectMany(r => r.Headers).Where(h => h.Key == "Authorization").Select(h => h.Value), Has.Member("Bearer " + secret), "the key must reach the server");
            Assert.That(output + err, Does.Not.Contain(secret));
            foreach (var file in Directory.GetFiles(_out, "*", SearchOption.AllDirectories))
                Assert.That(await File.ReadAllTextAsync(file), Does.Not.Contain(secret), file);
            Assert.That(await File.ReadAllTextAsync(Path.Combine(_out, "results.json")), Does.Contain("<redacted>"));
        }
        finally { Environment.SetEnvironmentVariable(variable, null); }
    }

    [Test]
    public async Task Repeat_SendsTheRequestNTimes_OneCaseEach()
    {
        var (code, _, _) = await Lint("framing.lf.basic-stream", "openai-chat", "--repeat", "3");
        Assert.That(code, Is.EqualTo(ExitCodes.Ok));
        Assert.That(Results().Cases.Select(c => c.ScenarioId), Is.EqualTo(new[] { "lint.openai-chat.1", "lint.openai-chat.2", "lint.openai-chat.3" }));
    }

    [Test]
    public async Task UnreachableServer_IsAHarnessFault_OneLine_ExitThree()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // a port nothing listens on
        var (code, _, err) = await Cli("lint", "--url", $"http://127.0.0.1:{port}/v1", "--api", "openai-chat", "--model", "m", "--out", _out);
        Assert.That(code, Is.EqualTo(ExitCodes.HarnessError));
        Assert.That(err.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(err, Does.Contain("no HTTP response from"));
    }

    [TestCase("--api", "gemini", "unknown API 'gemini'")]
    [TestCase("--url", "ftp://x/v1", "--url must be http:// or https://")]
    [TestCase("--key-env", "CONFORMANCE_LINT_UNSET_VAR", "not set or empty")]
    public async Task BadOption_IsAUsageError(string option, string value, string message)
    {
        var args = new List<string> { "lint", "--url", "http://127.0.0.1:9/v1", "--api", "openai-chat", "--model", "m", "--out", _out };
        var at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value; else args.AddRange([option, value]);
        var (code, _, err) = await Cli([.. args]);
        Assert.That(code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(err, Does.Contain(message));
    }
}
