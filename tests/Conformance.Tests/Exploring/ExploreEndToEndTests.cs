using System.Diagnostics;
using Conformance.Cli.Running;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Runner.Exploring;
using Conformance.Runner.Running;
using Conformance.Tests.Support;

namespace Conformance.Tests.Exploring;

/// <summary>
/// The proof on real node clients: explore finds node-crlf-split's bug (a CR ending one read and the LF
/// starting the next counted as two line ends) from a scenario whose own plan never cuts a CRLF, writes a minimal
/// scenario, and that scenario alone FAILs the bug and passes the careful client. Rule: sse.framing.crlf.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ExploreEndToEndTests
{
    private string _out = null!;

    [SetUp]
    public void Folder() => _out = Directory.CreateTempSubdirectory("conformance-explore-").FullName;

    [TearDown]
    public void Clean() => Directory.Delete(_out, recursive: true);

    private static Task<ClientUnderTest> Client(string name) =>
        ReferenceClients.ClientAsync(ReferenceClients.Node(Repo.Clients).Single(r => r.Name == name) with { Scope = null }, Repo.Root, Profiles.OpenAi, CancellationToken.None);

    private static async Task<ExploreResult> Explore(ClientUnderTest client, int budget)
    {
        var (rules, errors) = RuleCatalog.LoadFile(Repo.Rules);
        Assert.That(errors, Is.Empty);
        var explorer = new Explorer(ExploringFixtures.Catalog, rules.All);
        var options = new ExploreOptions { Seed = 1, Budget = budget, Parallel = Environment.ProcessorCount, Filter = ExploringFixtures.ProofScenario };
        return await explorer.RunAsync(client, options, null, CancellationToken.None);
    }

    [Test]
    public async Task CrlfSplitClient_IsFound_AndTheMinimalScenarioFailsItAlone_AndPassesTheCarefulClient()
    {
        var clock = Stopwatch.StartNew();
        var naive = await Client("node-crlf-split");
        var result = await Explore(naive, budget: 40);

        Assert.That(result.Findings, Has.Count.EqualTo(1), string.Join("\n", result.Scenarios.Select(s => $"{s.ScenarioId}: {s.Note}")));
        var finding = result.Findings[0];
        Assert.That(finding.OriginalId, Is.EqualTo(ExploringFixtures.ProofScenario));
        Assert.That(finding.Rule, Is.EqualTo("sse.framing.crlf"));
        Assert.That(finding.Minimal.Offsets, Has.Count.EqualTo(1));
        Assert.That(finding.Minimal.Places, Is.EqualTo(new[] { "between CR and LF" }));
        Assert.That(finding.Confirmed, Is.EqualTo("2/2"));
        Assert.That(result.Runs, Is.LessThanOrEqualTo(40));

        var file = Path.Combine(_out, finding.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, finding.Json);
        var written = ScenarioCatalog.LoadDirectory(Path.Combine(_out, "scenarios"));
        Assert.That(written.Errors, Is.Empty);
        Assert.That(written.Catalog.All.Single().Description, Does.Contain("--seed 1").And.Contain(ExploringFixtures.ProofScenario).And.Contain("sse.framing.crlf"));

        // Replayed alone, as `run --scenarios DIR/scenarios` does.
        var (rules, _) = RuleCatalog.LoadFile(Repo.Rules);
        var careful = await Client("node-careful");
        var replay = await new ConformanceRunner(written.Catalog, rules.All).RunAsync([naive, careful], new RunOptions { Parallel = 2 }, null, CancellationToken.None);
        var naiveVerdicts = replay.Cases.Single(c => c.Client == "node-crlf-split").Verdicts;
        Assert.That(naiveVerdicts.Single(v => v.RuleId == "sse.framing.crlf").Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(replay.Cases.Single(c => c.Client == "node-careful").Verdicts.Select(v => v.Verdict), Is.All.EqualTo(Verdict.Pass));

        // Determinism: the same seed writes the same file.
        var again = await Explore(naive, budget: 40);
        Assert.That(again.Findings.Single().Json, Is.EqualTo(finding.Json));
        TestContext.Out.WriteLine($"{result.Runs} + {again.Runs} runs, {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Test]
    public async Task CarefulClient_FindsNothing()
    {
        var result = await Explore(await Client("node-careful"), budget: 30);
        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.Scenarios.Single().Plans, Is.GreaterThan(20));
        Assert.That(result.Scenarios.Single().Flaky, Is.Empty);
    }
}
