using Conformance.Cli;
using Conformance.Cli.Running;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Runner.Running;
using Conformance.Tests.Support;

namespace Conformance.Tests.Lint;

/// <summary>
/// `record` for the Responses and Gemini dialects: the recording carries the dialect's own rules (not chat's
/// [DONE] sentinel), the dialect's mutations are written and validate, the careful reference client passes all of
/// them, and the Responses one-bug client (node-responses-eof-ok) FAILs the recording without its terminal event.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RecordNewDialectsTests
{
    private static string _root = null!;

    [OneTimeSetUp]
    public static async Task Record()
    {
        _root = Directory.CreateTempSubdirectory("conformance-record-dialects-").FullName;
        await using var servers = LintServers.Start();
        foreach (var (source, api, id, mutations) in new[]
                 {
                     ("llm-responses.basic.completed-without-done", "openai-responses", "recorded.responses", "drop-terminator,inject-error,crlf,split-utf8"),
                     ("llm-gemini.basic.finish-stop", "gemini-generate", "recorded.gemini", "inject-error,cr,drip"),
                 })
        {
            var (code, output, err) = await LintCommandTests.Cli("record", "--url", servers.BaseOf(source, api), "--api", api, "--model", "m",
                "--out", Path.Combine(_root, "recorded", id + ".json"), "--mutate", mutations);
            // split-utf8 needs a multi-byte character: "Hello" has none, and record says so without failing the others.
            Assert.That(code, Is.EqualTo(ExitCodes.Ok), output + err);
        }
    }

    [OneTimeTearDown]
    public static void Clean() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Recordings_CarryTheirDialectsRules_AndValidate()
    {
        var loaded = ScenarioCatalog.LoadDirectory(_root);
        Assert.That(loaded.Errors, Is.Empty);
        var byId = loaded.Catalog.All.ToDictionary(s => s.Id);
        Assert.That(byId.Keys, Is.SupersetOf(new[] { "recorded.responses", "recorded.responses.drop-terminator", "recorded.responses.inject-error", "recorded.gemini", "recorded.gemini.inject-error", "recorded.gemini.drip" }));
        Assert.That(byId["recorded.responses"].Rules, Is.EqualTo(new[] { "llm.responses.text-from-deltas", "llm.responses.terminal-event" }));
        Assert.That(byId["recorded.gemini"].Rules, Does.Contain("llm.gemini.finish-reason").And.Not.Contain("llm.done.sentinel"));
        Assert.That(byId["recorded.responses.drop-terminator"].Rules, Is.EqualTo(new[] { "llm.responses.terminal-event" }));
        Assert.That(byId["recorded.gemini.inject-error"].Rules, Is.EqualTo(new[] { "llm.gemini.error-chunk" }));
        var (rules, _) = RuleCatalog.LoadFile(Repo.Rules);
        Assert.That(loaded.Catalog.All.SelectMany(s => s.Rules).Where(r => rules.Find(r) is null), Is.Empty, "every rule a recording cites is catalogued");
    }

    [Test]
    public async Task CarefulClient_PassesEveryRecording_EofOkClient_FailsTheOneWithoutATerminalEvent()
    {
        var catalog = ScenarioCatalog.LoadDirectory(_root).Catalog;
        var (rules, _) = RuleCatalog.LoadFile(Repo.Rules);
        var references = ReferenceClients.Node(Repo.Clients).Where(r => r.Name is "node-careful" or "node-responses-eof-ok").ToList();
        var clients = new List<ClientUnderTest>();
        foreach (var r in references) clients.Add(await ReferenceClients.ClientAsync(r with { Scope = null }, Repo.Root, Profiles.Default, CancellationToken.None));
        var run = await new ConformanceRunner(catalog, rules.All).RunAsync(clients, new RunOptions { Parallel = 2 }, null, CancellationToken.None);

        var careful = run.Cases.Where(c => c.Client == "node-careful").SelectMany(c => c.Verdicts.Select(v => (c.ScenarioId, v))).Where(x => x.v.Verdict.IsFailure()).ToList();
        Assert.That(careful.Select(x => $"{x.ScenarioId} {x.v.RuleId}: {x.v.Reason}"), Is.Empty);
        var eofOk = run.Cases.Single(c => c.Client == "node-responses-eof-ok" && c.ScenarioId == "recorded.responses.drop-terminator");
        Assert.That(eofOk.Verdicts.Single(v => v.RuleId == "llm.responses.terminal-event").Verdict, Is.EqualTo(Verdict.Fail),
            string.Join("\n", eofOk.Verdicts.Select(v => $"{v.RuleId} {v.Verdict} {v.Reason}")));
    }
}
