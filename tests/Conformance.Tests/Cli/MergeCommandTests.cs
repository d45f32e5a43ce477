using System.Text.Json.Nodes;
using Conformance.Cli;
using Conformance.Core.Results;
using Conformance.Runner.Running;
using Conformance.Tests.Support;

namespace Conformance.Tests.Cli;

/// <summary>`run --shard i/n` and `merge`: the shards of a run, merged, are the run (issue 13, "CI shards and merge").</summary>
[TestFixture]
public sealed class MergeCommandTests
{
    private const string Filter = "encoding.utf8.*";
    private string _dir = null!;

    [OneTimeSetUp]
    public async Task RunWholeAndInTwoShards()
    {
        _dir = Directory.CreateTempSubdirectory("conformance-merge-").FullName;
        string[] Clients() => ["--client", Node("node-careful"), "--name", "careful", "--client", Node("node-no-stream-decode"), "--name", "no-stream-decode"];
        var whole = await Run(["run", .. Clients(), "--filter", Filter, "--out", Path.Combine(_dir, "whole")]);
        var one = await Run(["run", .. Clients(), "--filter", Filter, "--shard", "1/2", "--out", Path.Combine(_dir, "1")]);
        var two = await Run(["run", .. Clients(), "--filter", Filter, "--shard", "2/2", "--out", Path.Combine(_dir, "2")]);
        Assert.That(new[] { whole.Code, one.Code, two.Code }, Has.All.EqualTo(ExitCodes.Failed), whole.Out + whole.Err + one.Err + two.Err);
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_dir, recursive: true);

    private static string Node(string client) => $"node \"{Path.Combine(Repo.Clients, client, "client.mjs")}\"";

    private static async Task<(int Code, string Out, string Err)> Run(string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await CliApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private RunResult Read(string folder) => ResultsJson.Deserialize(File.ReadAllText(Path.Combine(_dir, folder, "results.json")));

    private static IEnumerable<string> Verdicts(RunResult run) =>
        run.Cases.SelectMany(c => c.Verdicts.Select(v => $"{c.Client} {c.ScenarioId} {v.RuleId} {v.Verdict}")).Order(StringComparer.Ordinal);

    [Test]
    public async Task TwoShards_Merged_GiveTheSameVerdictsAsOneRun()
    {
        var merged = await Run(["merge", Path.Combine(_dir, "1"), Path.Combine(_dir, "2"), "--out", Path.Combine(_dir, "merged")]);

        Assert.That(merged.Code, Is.EqualTo(ExitCodes.Failed), "the same gate as the whole run: no-stream-decode fails sse.utf8.split\n" + merged.Out + merged.Err);
        var (whole, one, two, result) = (Read("whole"), Read("1"), Read("2"), Read("merged"));
        Assert.That(one.Cases, Is.Not.Empty);
        Assert.That(two.Cases, Is.Not.Empty);
        Assert.That(one.Cases.Select(c => (c.Client, c.ScenarioId)).Intersect(two.Cases.Select(c => (c.Client, c.ScenarioId))), Is.Empty, "each case in one shard");
        Assert.That(Verdicts(result), Is.EqualTo(Verdicts(whole)));
        Assert.That(result.Cases.Select(c => (c.Client, c.ScenarioId)), Is.EqualTo(whole.Cases.Select(c => (c.Client, c.ScenarioId))), "in the order of one run");
        Assert.That(result.Shard, Is.Null);
        Assert.That((result.Tool, result.Catalogue), Is.EqualTo((whole.Tool, whole.Catalogue)));
        Assert.That(Directory.GetFiles(Path.Combine(_dir, "merged")).Select(Path.GetFileName), Is.SupersetOf(new[] { "results.json", "junit.xml", "summary.md", "index.html" }));
    }

    [TestCase("catalogue", "hash", "different catalogues")]
    [TestCase("tool", "version", "different tool versions")]
    public async Task Merge_RefusesResultsOfAnotherCatalogueOrToolVersion(string member, string field, string message)
    {
        var other = Path.Combine(_dir, $"other-{member}");
        Directory.CreateDirectory(other);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, "2", "results.json")))!;
        json[member]![field] = "something else";
        File.WriteAllText(Path.Combine(other, "results.json"), json.ToJsonString());

        var merged = await Run(["merge", Path.Combine(_dir, "1"), other, "--out", Path.Combine(_dir, $"refused-{member}")]);

        Assert.That(merged.Code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(merged.Err, Does.Contain(message).And.Contain("something else"));
        Assert.That(Directory.Exists(Path.Combine(_dir, $"refused-{member}", "results.json")), Is.False);
    }

    [Test]
    public async Task Merge_RefusesAMissingShard()
    {
        var merged = await Run(["merge", Path.Combine(_dir, "1"), "--out", Path.Combine(_dir, "half")]);
        Assert.That(merged.Code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(merged.Err, Does.Contain("shard 2/2 missing"));
    }

    [Test]
    public void Shard_IsDecidedByTheCaseAlone_EveryCaseInExactlyOneShard()
    {
        var cases = Enumerable.Range(0, 200).Select(i => ($"client-{i % 3}", $"family.scenario-{i}")).ToList();
        var shards = Enumerable.Range(1, 4).Select(i => new RunOptions { Shard = new ShardInfo(i, 4) }).ToList();
        foreach (var (client, scenario) in cases)
            Assert.That(shards.Count(s => s.InShard(client, scenario)), Is.EqualTo(1), $"{client} × {scenario}");
        Assert.That(shards.Select(s => cases.Count(c => s.InShard(c.Item1, c.Item2))), Has.All.InRange(25, 75), "roughly even");
        Assert.That(RunOptions.ParseShard("0/2").Error, Does.Contain("1 ≤ i ≤ n"));
        Assert.That(RunOptions.ParseShard("3/2").Error, Is.Not.Null);
        Assert.That(RunOptions.ParseShard("2/3").Shard, Is.EqualTo(new ShardInfo(2, 3)));
    }
}
