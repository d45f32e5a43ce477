using Conformance.Testing;
using Conformance.Tests.Support;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace Conformance.Tests.Testing;

/// <summary>
/// Conformance.Testing (docs/testing-package.md): the case source (names, filters, NOT RUN as Ignored), the run through the
/// runner's scoring path with an in-process client, and the assertion (report-quality messages, known findings that must
/// reproduce). Real loopback sockets: the package's own mock server on 127.0.0.1.
/// </summary>
[TestFixture]
public sealed class ConformanceSuiteTests
{
    private const string Split = "encoding.utf8.two-byte-char-split";
    private static ConformanceSuite _suite = null!;

    [OneTimeSetUp]
    public void Load() => _suite = ConformanceSuite.Load(Repo.Root);

    [OneTimeTearDown]
    public async Task Stop() => await _suite.DisposeAsync();

    private static CaseSelection Careful(params string[] features) => new()
    {
        Client = new("careful-in-process") { Apis = ["openai-chat"], Features = features.Length == 0 ? null : features, Observes = "objects" },
    };

    [Test]
    public void Cases_AreNamedByScenarioId_AndFilteredByApiFamilyAndRule()
    {
        var cases = _suite.Cases(Careful() with { Apis = ["openai-chat"], Families = ["encoding"], Rules = ["sse.utf8.split"] }).ToList();

        Assert.That(cases, Is.Not.Empty);
        Assert.That(cases.Select(c => c.TestName), Does.Contain(Split));
        foreach (var c in cases)
        {
            var @case = (ConformanceCase)c.Arguments[0]!;
            Assert.That(c.TestName, Is.EqualTo(@case.ScenarioId));
            Assert.That((@case.Api, @case.Family), Is.EqualTo(("openai-chat", "encoding")));
            Assert.That(@case.Rules, Does.Contain("sse.utf8.split"));
            Assert.That(c.Properties["Category"], Does.Contain("encoding").And.Contain("openai-chat"));
            Assert.That(c.Properties["Rule"], Does.Contain("sse.utf8.split"));
        }
    }

    [Test]
    public void Cases_ThatNeedAFeatureTheClientLacks_AreIgnoredWithTheNotRunReason_NeverFailed()
    {
        // Declares everything but cancel (and reconnect, which must be declared).
        var cases = _suite.Cases(Careful("retries", "idle-timeout", "total-timeout", "status") with { Families = ["cancellation"] }).ToList();

        Assert.That(cases.Select(c => ((ConformanceCase)c.Arguments[0]!).Api), Does.Contain("openai-chat").And.Contain("anthropic-messages"));
        foreach (var c in cases)
        {
            var @case = (ConformanceCase)c.Arguments[0]!;
            Assert.That(c.RunState, Is.EqualTo(RunState.Ignored), c.TestName);
            Assert.That((string?)c.Properties.Get(PropertyNames.SkipReason), Does.StartWith(@case.Api == "openai-chat"
                ? "not run: client does not declare feature 'cancel' (the case cancels after"
                : $"not run: client does not speak {@case.Api}"), c.TestName);
        }
    }

    [Test]
    public void Select_UnknownNames_AreOneErrorNamingEach()
    {
        var ex = Assert.Throws<ArgumentException>(() => _suite.Select(Careful() with
        {
            Apis = ["openai-chats"], Families = ["encodings"], Rules = ["sse.utf8.splits"],
            Client = new("x") { Features = ["cancell"] },
            KnownFindings = [new(Split, "llm.done.sentinel", "FAIL", "not cited by the scenario")],
        }));
        Assert.That(ex!.Message, Does.Contain("'openai-chats'").And.Contain("'encodings'").And.Contain("'sse.utf8.splits'")
            .And.Contain("unknown feature 'cancell'").And.Contain($"{Split} does not cite rule 'llm.done.sentinel'"));
    }

    [Test]
    public async Task CarefulClient_InProcess_PassesEveryRule_AndTheAssertionPasses()
    {
        var verdicts = await _suite.RunAsync(Case(Careful(), Split), InProcessClients.Careful);

        Assert.That(verdicts.Rules.Select(r => (r.RuleId, r.Verdict)), Is.EquivalentTo(new[] { ("sse.utf8.split", "PASS"), ("llm.content.exact", "PASS") }));
        Assert.DoesNotThrow(verdicts.AssertExpected);
    }

    [Test]
    public async Task ClientThatDecodesEachRead_FailsSseUtf8Split_WithTheReportsMessage()
    {
        var verdicts = await _suite.RunAsync(Case(Careful(), Split), InProcessClients.DecodesEachRead);

        Assert.That(verdicts.Rules.Single(r => r.RuleId == "sse.utf8.split").Verdict, Is.EqualTo("FAIL"));
        var failure = Assert.Throws<AssertionException>(verdicts.AssertExpected)!;
        Assert.That(failure.Message, Does.Contain($"{Split} › sse.utf8.split: FAIL [MUST]")
            .And.Contain("Rule: sse.utf8.split (MUST): ")
            .And.Contain("U+FFFD")
            .And.Contain("Evidence: ").And.Contain("body bytes"));
    }

    [Test]
    public async Task KnownFinding_ThatReproduces_Passes_AndOneThatDoesNot_FailsSayingTheClientMayBeFixed()
    {
        var known = Careful() with
        {
            KnownFindings = [new(Split, "sse.utf8.split", "FAIL", "decodes each read on its own"), new(Split, "llm.content.exact", "FAIL", "the same U+FFFD")],
        };

        var reproduced = await _suite.RunAsync(Case(known, Split), InProcessClients.DecodesEachRead);
        Assert.DoesNotThrow(reproduced.AssertExpected);

        var fixedClient = await _suite.RunAsync(Case(known, Split), InProcessClients.Careful);
        var failure = Assert.Throws<AssertionException>(fixedClient.AssertExpected)!;
        Assert.That(failure.Message, Does.Contain("known finding sse.utf8.split FAIL did not reproduce: the verdict is now PASS")
            .And.Contain("may have been fixed: remove the known finding").And.Contain("decodes each read on its own"));
    }

    [Test]
    public async Task Body_ThatThrows_IsAdapterError_NamingTheException()
    {
        var verdicts = await _suite.RunAsync(Case(Careful(), Split), (_, _, _) => throw new InvalidOperationException("boom"));

        Assert.That(verdicts.Rules.Select(r => r.Verdict), Is.All.EqualTo("ADAPTER-ERROR"));
        Assert.That(verdicts.Rules[0].Reason, Does.Contain("the client body threw InvalidOperationException: boom"));
        Assert.Throws<AssertionException>(verdicts.AssertExpected);
    }

    [Test]
    public async Task Sink_UnknownErrorKind_IsAContractFault_AsOnAnAdaptersStdout()
    {
        var verdicts = await _suite.RunAsync(Case(Careful(), Split), (_, sink, _) => { sink.Error("kaput", null, "?"); return Task.CompletedTask; });

        Assert.That(verdicts.Rules.Select(r => r.Verdict), Is.All.EqualTo("ADAPTER-ERROR"));
        Assert.That(verdicts.Rules[0].Reason, Does.Contain("error observation with unknown kind \"kaput\""));
    }

    [Test]
    public async Task NotRunCase_IsNeverCalled_AndTheAssertionIgnoresIt()
    {
        var called = false;
        var lacking = Case(Careful("retries", "status"), "cancellation.mid-stream.closes-connection");

        var verdicts = await _suite.RunAsync(lacking, (_, _, _) => { called = true; return Task.CompletedTask; });

        Assert.That(called, Is.False);
        Assert.That(verdicts.Rules.Select(r => r.Verdict), Is.All.EqualTo("NOT RUN"));
        var ignored = Assert.Throws<IgnoreException>(verdicts.AssertExpected)!;
        Assert.That(ignored.Message, Does.StartWith("not run: client does not declare feature 'cancel'"));
    }

    [Test]
    public async Task Context_CarriesTheAdaptersEnvironment()
    {
        CaseContext? seen = null;
        await _suite.RunAsync(Case(Careful(), "cancellation.mid-stream.closes-connection"), (c, sink, _) => { seen = c; sink.End("eof"); return Task.CompletedTask; });

        Assert.That(seen, Is.Not.Null);
        Assert.That(seen!.BaseUrl.ToString(), Does.StartWith("http://127.0.0.1:").And.EndWith("/v1"));
        Assert.That(seen.CancelAfter, Is.EqualTo(3));
        Assert.That(seen.Environment["CONFORMANCE_CANCEL_AFTER"], Is.EqualTo("3"));
        Assert.That(seen.Environment["CONFORMANCE_BASE_URL"], Is.EqualTo(seen.BaseUrl.ToString()));
        Assert.That(seen.Environment, Does.ContainKey("CONFORMANCE_REQUEST").And.ContainKey("CONFORMANCE_API_KEY").And.ContainKey("CONFORMANCE_LINGER_MS"));
        Assert.That(seen.RequestJson, Does.Contain("\"stream\":true"));
    }

    private static ConformanceCase Case(CaseSelection selection, string scenarioId) =>
        _suite.Select(selection with { Scenarios = scenarioId }).Single();
}
