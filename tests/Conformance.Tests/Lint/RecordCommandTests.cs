using Conformance.Cli;
using Conformance.Cli.Running;
using Conformance.Core.Journal;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Lint.Wire;
using Conformance.Runner.Running;
using Conformance.Tests.Support;

namespace Conformance.Tests.Lint;

/// <summary>
/// `record` end to end: a stream the mock plays is recorded through the real command line, replayed by a second mock
/// from the written scenario with the same writes byte for byte (the two journals compared), and its mutated
/// variants validate, replay, and catch the naive reference client while the careful one passes them.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RecordCommandTests
{
    private const string Source = "encoding.generated.japanese-with-emoji";
    private const string Id = "recorded.japanese";
    private static readonly string[] AllMutations = ["crlf", "cr", "split-utf8", "drip", "drop-terminator", "inject-error", "reset-after:300"];

    private static string _root = null!;
    private static CaseJournal _original = null!;
    private static string _output = "";

    [OneTimeSetUp]
    public static async Task Record()
    {
        _root = Directory.CreateTempSubdirectory("conformance-record-").FullName;
        await using var servers = LintServers.Start();
        var handle = servers.Mock.AllocateCase(Source);
        var (code, output, err) = await LintCommandTests.Cli("record", "--url", handle.BaseUrl.ToString(), "--api", "openai-chat", "--model", "m",
            "--out", Path.Combine(_root, "recorded", Id + ".json"), "--mutate", string.Join(",", AllMutations));
        _output = output + err;
        Assert.That(code, Is.EqualTo(ExitCodes.Ok), _output);
        _original = (await servers.Mock.CompletedJournalAsync(handle.CaseId, TimeSpan.FromSeconds(5), CancellationToken.None))!;
    }

    [OneTimeTearDown]
    public static void Clean() => Directory.Delete(_root, recursive: true);

    private static async Task<CaseJournal> ReplayAsync(LintServers servers, string id)
    {
        var handle = servers.Mock.AllocateCase(id);
        var request = new LintRequest { Url = new Uri(handle.BaseUrl + "/chat/completions"), Headers = [new("Content-Type", "application/json")], Body = """{"model":"m","stream":true}""" };
        await new LintClient().SendAsync(request, TimeSpan.FromSeconds(10), CancellationToken.None);
        return (await servers.Mock.CompletedJournalAsync(handle.CaseId, TimeSpan.FromSeconds(5), CancellationToken.None))!;
    }

    [Test]
    public async Task Recording_ReplaysByteIdentical_WriteByWrite_TheJournalsAgree()
    {
        await using var replay = LintServers.Serve(_root);
        var replayed = await ReplayAsync(replay, Id);

        var a = _original.Exchanges.Single().Response!;
        var b = replayed.Exchanges.Single().Response!;
        Assert.That(b.Writes.Select(w => Convert.ToHexString(w.Bytes)), Is.EqualTo(a.Writes.Select(w => Convert.ToHexString(w.Bytes))), "the same writes, byte for byte");
        Assert.That(b.Writes.Count, Is.GreaterThan(5), "the recording kept the original's write boundaries (seeded random splits, some inside characters)");
        Assert.That((b.Status, b.Framing, b.Ended), Is.EqualTo((a.Status, a.Framing, a.Ended)));
        string Lines(byte[] head) => string.Join("\n", System.Text.Encoding.Latin1.GetString(head).Split("\r\n").Where(l => !l.StartsWith("Date:", StringComparison.Ordinal)));
        Assert.That(Lines(b.Head), Is.EqualTo(Lines(a.Head)), "the same status line and headers");
        // The timing is kept too: each write waits about as long as it did (the scenario's 15 ms between writes).
        var gaps = a.Writes.Zip(b.Writes).Skip(1).Select((p, i) => Math.Abs((p.Second.AtMs - b.Writes[i].AtMs) - (p.First.AtMs - a.Writes[i].AtMs)));
        Assert.That(gaps.Max(), Is.LessThan(30), "write gaps within 30 ms of the original's");
    }

    [Test]
    public void EveryMutation_IsWritten_AndTheFolderValidates()
    {
        var loaded = ScenarioCatalog.LoadDirectory(_root);
        Assert.That(loaded.Errors, Is.Empty);
        Assert.That(loaded.Catalog.All.Select(s => s.Id), Is.EquivalentTo(new[] { Id }.Concat(AllMutations.Select(m => $"{Id}.{m.Replace(':', '-')}"))));
        var (rules, _) = RuleCatalog.LoadFile(Repo.Rules);
        Assert.That(loaded.Catalog.All.SelectMany(s => s.Rules).Where(r => rules.Find(r) is null), Is.Empty, "every rule a recording cites is catalogued");
        Assert.That(File.ReadAllText(Path.Combine(_root, "recorded", Id + ".json")), Does.StartWith("// Recorded by `conformance record` from POST http://127.0.0.1:"));
    }

    [Test]
    public async Task Mutations_ChangeTheReplayedBytes_AsNamed()
    {
        await using var replay = LintServers.Serve(_root);
        string Body(CaseJournal j) => System.Text.Encoding.UTF8.GetString([.. j.Exchanges.Single().Response!.Writes.SelectMany(w => w.Bytes)]);
        var original = Body(_original);
        var crlf = Body(await ReplayAsync(replay, Id + ".crlf"));
        Assert.That(crlf, Is.EqualTo(original.Replace("\n", "\r\n", StringComparison.Ordinal)));
        var noTerminator = Body(await ReplayAsync(replay, Id + ".drop-terminator"));
        Assert.That(noTerminator, Is.EqualTo(original.Replace("data: [DONE]\n\n", "", StringComparison.Ordinal)));
        var reset = (await ReplayAsync(replay, Id + ".reset-after-300")).Exchanges.Single().Response!;
        Assert.That((reset.Ended, reset.Writes.Sum(w => w.Length)), Is.EqualTo((Ends.Reset, 300)));
        var drip = (await ReplayAsync(replay, Id + ".drip")).Exchanges.Single().Response!;
        Assert.That(drip.Writes, Has.All.Matches<JournalWrite>(w => w.Length == 1));
    }

    [Test]
    public async Task NaiveClient_FailsTheMutatedRecordings_CarefulClientPassesThemAll()
    {
        var catalog = ScenarioCatalog.LoadDirectory(_root).Catalog;
        var (rules, _) = RuleCatalog.LoadFile(Repo.Rules);
        var references = ReferenceClients.Node(Repo.Clients).Where(r => r.Name is "node-naive-split" or "node-careful").ToList();
        var clients = new List<ClientUnderTest>();
        foreach (var r in references) clients.Add(await ReferenceClients.ClientAsync(r with { Scope = null }, Repo.Root, Profiles.Default, CancellationToken.None));
        var run = await new ConformanceRunner(catalog, rules.All).RunAsync(clients, new RunOptions { Parallel = 2 }, null, CancellationToken.None);

        var naive = run.Cases.Where(c => c.Client == "node-naive-split").ToList();
        var failed = naive.Where(c => c.Verdicts.Any(v => v.Verdict == Verdict.Fail)).Select(c => c.ScenarioId).ToList();
        Assert.That(failed, Has.Member(Id + ".split-utf8").Or.Member(Id + ".drip"), string.Join("\n", naive.SelectMany(c => c.Verdicts.Select(v => $"{c.ScenarioId} {v.RuleId} {v.Verdict} {v.Reason}"))));
        var careful = run.Cases.Where(c => c.Client == "node-careful").SelectMany(c => c.Verdicts.Select(v => (c.ScenarioId, v))).Where(x => x.v.Verdict.IsFailure()).ToList();
        Assert.That(careful.Select(x => $"{x.ScenarioId} {x.v.RuleId}: {x.v.Reason}"), Is.Empty);
    }

    [Test]
    public async Task OutName_MustBeAnIdOfItsFolder_ElseUsageErrorWithASuggestion()
    {
        var (code, _, err) = await LintCommandTests.Cli("record", "--url", "http://127.0.0.1:9/v1", "--api", "openai-chat", "--model", "m",
            "--out", Path.Combine(_root, "recorded", "My Server.json"));
        Assert.That(code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(err, Does.Contain("recorded.my-server.json"));
    }

    [Test]
    public async Task UnknownMutation_IsAUsageError()
    {
        var (code, _, err) = await LintCommandTests.Cli("record", "--url", "http://127.0.0.1:9/v1", "--api", "openai-chat", "--model", "m",
            "--out", Path.Combine(_root, "recorded", "recorded.x.json"), "--mutate", "crlf,sideways");
        Assert.That(code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(err, Does.Contain("unknown mutation 'sideways'"));
    }
}
