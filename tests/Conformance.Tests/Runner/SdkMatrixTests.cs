using Conformance.Core.Dialects;
using System.Diagnostics;
using System.Text.Json;
using Conformance.Cli.Running;
using Conformance.Core.Capabilities;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Runner.Running;
using Conformance.Tests.Support;

namespace Conformance.Tests.Runner;

/// <summary>
/// The real-SDK matrix (docs/sdk-matrix.md), as <c>run --preset sdks</c> produces it: every pinned SDK
/// adapters, prepared and greeted by <see cref="SdkClients.ClientsAsync"/>, on the whole catalogue. Every FAIL
/// and NON-STRICT an SDK gets is a claim about somebody's software, so each must be a triaged finding in
/// clients/sdks/findings.json (wire evidence + the SDK's source), and nothing else may fail. A harness change
/// that invents a failure, or stops seeing one, fails here; so does an SDK version bump (the hello's sdk must
/// equal the file's).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SdkMatrixTests
{
    private static readonly string FindingsPath = Path.Combine(Repo.Clients, "sdks", "findings.json");
    private static RunResult _run = null!;
    private static ScenarioCatalog _scenarios = null!;
    private static RuleCatalog _rules = null!;
    private static Dictionary<string, SdkEntry> _findings = null!;

    [OneTimeSetUp]
    public async Task RunPresetSdks()
    {
        var scenarios = ScenarioCatalog.LoadDirectory(Repo.Scenarios);
        Assert.That(scenarios.Errors, Is.Empty);
        var (rules, ruleErrors) = RuleCatalog.LoadFile(Repo.Rules);
        Assert.That(ruleErrors, Is.Empty);
        (_scenarios, _rules) = (scenarios.Catalog, rules);
        _findings = JsonSerializer.Deserialize<Dictionary<string, SdkEntry>>(File.ReadAllText(FindingsPath), new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException($"{FindingsPath} is empty");

        var clock = Stopwatch.StartNew();
        var clients = await SdkClients.ClientsAsync(Repo.Root, Profiles.Default, TestContext.Out, CancellationToken.None);
        var prepared = clock.Elapsed;
        // The runner's defaults (RunOptions; --timeout-ms 20000), as `run --preset sdks` runs them.
        _run = await new ConformanceRunner(_scenarios, _rules.All).RunAsync(clients, new RunOptions(), null, CancellationToken.None);
        TestContext.Out.WriteLine($"prepared and greeted in {prepared.TotalSeconds:0.0} s; {_run.Cases.Count} cases in {_run.DurationMs / 1000:0.0} s");
    }

    public static IEnumerable<string> Sdks() => SdkClients.All.Select(e => e.Name);

    /// <summary>The adapters that speak only OpenAI APIs.</summary>
    public static IEnumerable<string> OpenAiOnly() => ["openai-node", "openai-node-text", "openai-node-responses", "openai-dotnet", "openai-dotnet-responses"];

    [TestCaseSource(nameof(Sdks))]
    public void Sdk_FailsAndNonStrictsExactlyItsTriagedFindings(string client)
    {
        Assert.That(_findings, Does.ContainKey(client), $"clients/sdks/findings.json has no entry for {client}");
        var entry = _findings[client];
        Assert.That(_run.Clients.Single(c => c.Name == client).Sdk, Is.EqualTo(entry.Sdk),
            "the SDK version changed: run the matrix again and triage clients/sdks/findings.json anew");

        var deviations = CasesOf(client)
            .SelectMany(c => c.Verdicts.Where(v => v.Verdict is Verdict.Fail or Verdict.NonStrict).Select(v => (c.ScenarioId, V: v)))
            .ToList();
        var actual = deviations.Select(d => Key(d.ScenarioId, d.V.RuleId, d.V.Verdict.Label())).Order(StringComparer.Ordinal).ToList();
        var expected = entry.Findings.Select(f => Key(f.Scenario, f.Rule, f.Verdict)).Order(StringComparer.Ordinal).ToList();

        var untriaged = deviations.Where(d => !expected.Contains(Key(d.ScenarioId, d.V.RuleId, d.V.Verdict.Label())))
            .Select(d => $"  {Key(d.ScenarioId, d.V.RuleId, d.V.Verdict.Label())}: {d.V.Reason}");
        var gone = expected.Except(actual).Select(k => $"  {k}: triaged, but not seen in this run");
        Assert.That(actual, Is.EqualTo(expected),
            "every FAIL and NON-STRICT must be a finding in clients/sdks/findings.json, and every finding must be seen:\n"
            + string.Join("\n", untriaged.Concat(gone)));
    }

    [TestCaseSource(nameof(Sdks))]
    public void Sdk_NeverBreaksTheContractOrHangs(string client)
    {
        var broken = CasesOf(client)
            .SelectMany(c => c.Verdicts.Where(v => v.Verdict is Verdict.AdapterError or Verdict.Timeout)
                .Select(v => $"  {c.ScenarioId} › {v.RuleId} {v.Verdict.Label()}: {v.Reason}\n{c.Stderr}"));
        Assert.That(broken, Is.Empty, "an adapter that crashes or hangs proves nothing about its SDK");
    }

    [TestCaseSource(nameof(OpenAiOnly))]
    public void OpenAiOnlySdk_EveryAnthropicCaseIsNotRun(string client)
    {
        var anthropic = _scenarios.All.Where(s => s.Api == DialectCatalog.AnthropicMessages).Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
        Assert.That(anthropic, Is.Not.Empty);
        var cases = CasesOf(client).Where(c => c.Api == DialectCatalog.AnthropicMessages.Name).ToList();
        Assert.That(cases.Select(c => c.ScenarioId).Order(StringComparer.Ordinal), Is.EqualTo(anthropic));
        foreach (var c in cases)
            Assert.That(c.Verdicts.Select(v => (v.Verdict, v.Reason)),
                Is.All.EqualTo((Verdict.NotRun, "not run: client does not speak anthropic-messages")), c.ScenarioId);
    }

    [Test]
    public void EventsourceParser_RetryCasesAreNotRun()
    {
        // The APIs its hello declares: cases of other APIs are NOT RUN for that reason first.
        string[] spoken = ["openai-chat", "openai-completions", "anthropic-messages"];
        var retries = _scenarios.All.Where(s => s.Client.MaxRetries is > 0 && spoken.Contains(s.Api.Name)).Select(s => s.Id).ToHashSet();
        Assert.That(retries, Is.Not.Empty);
        var cases = CasesOf("eventsource-parser").Where(c => spoken.Contains(c.Api)).ToList();
        foreach (var c in cases.Where(c => retries.Contains(c.ScenarioId)))
            Assert.That(c.Verdicts.Select(v => (v.Verdict, v.Reason)), Has.All.Matches<(Verdict Verdict, string Reason)>(
                v => v.Verdict == Verdict.NotRun && v.Reason.StartsWith($"not run: client does not declare feature '{ClientFeatures.Retries}'", StringComparison.Ordinal)), c.ScenarioId);

        // The library has no request layer: what it does not run is exactly what needs a feature its hello leaves out.
        var lacking = ClientFeatures.All.Except(["idle-timeout", "cancel", "status"]).ToList();
        var expected = _scenarios.All.Where(s => spoken.Contains(s.Api.Name) && ClientCapabilities.Needs(s).Any(n => lacking.Contains(n.Feature))).Select(s => s.Id).Order(StringComparer.Ordinal);
        var notRun = cases.Where(c => c.Verdicts.All(v => v.Verdict == Verdict.NotRun)).Select(c => c.ScenarioId).Order(StringComparer.Ordinal);
        Assert.That(notRun, Is.EqualTo(expected));
    }

    /// <summary>A finding is a claim: it names a scenario that cites its rule, says why, shows the wire, points into the SDK's source.</summary>
    [Test]
    public void Findings_AreComplete()
    {
        Assert.That(_findings.Keys, Is.EquivalentTo(Sdks()));
        foreach (var (client, entry) in _findings)
            foreach (var f in entry.Findings)
            {
                var where = $"{client} {f.Scenario} › {f.Rule}";
                Assert.That(_scenarios.Find(f.Scenario)?.Rules, Does.Contain(f.Rule), $"{where}: the scenario does not cite the rule");
                Assert.That(_rules.All.Select(r => r.Id), Does.Contain(f.Rule), where);
                Assert.That(f.Verdict, Is.AnyOf("FAIL", "NON-STRICT"), where);
                Assert.That(f.Triage, Is.AnyOf("defect", "limitation", "dialect"), where);
                Assert.That(new[] { f.Summary, f.Evidence, f.Source }, Has.All.Not.Empty, where);
                if (f.Triage == "dialect") Assert.That(f.Fix, Is.Not.Empty, $"{where}: a dialect names the profile or capability that should cover it");
            }
    }

    private static IEnumerable<CaseResult> CasesOf(string client)
    {
        var cases = _run.Cases.Where(c => c.Client == client).ToList();
        Assert.That(cases, Has.Count.EqualTo(_scenarios.All.Count), $"{client}: one case per scenario");
        return cases;
    }

    private static string Key(string scenario, string rule, string verdict) => $"{scenario} › {rule} {verdict}";

    private sealed record SdkEntry(string Sdk, IReadOnlyList<Finding> Findings);

    /// <summary>One entry of clients/sdks/findings.json; <see cref="Fix"/> (a dialect's profile or capability) and <see cref="Upstream"/> are optional.</summary>
    private sealed record Finding(string Scenario, string Rule, string Verdict, string Triage, string Summary, string Evidence, string Source, string? Fix = null, string? Upstream = null);
}
