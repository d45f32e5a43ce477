using Conformance.Core.Dialects;
using Conformance.Core.Scenarios;
using Conformance.Core.Scenarios.Steps;
using Conformance.Core.Wire;

namespace Conformance.Tests.Scenarios;

public sealed class ScenarioCatalogTests
{
    private static readonly string ScenariosDir = Path.Combine(ScenarioJson.RepoRoot(), "scenarios");

    private static string Minimal(string id) => $$"""
        { "id": "{{id}}", "title": "t", "description": "d", "rules": ["r.s"], "api": "openai-chat",
          "responses": [ { "stream": { "events": [ { "done": true } ] } } ] }
        """;

    private string _temp = "";

    [SetUp]
    public void CreateTemp() => _temp = Directory.CreateTempSubdirectory("scenarios-").FullName;

    [TearDown]
    public void DeleteTemp() => Directory.Delete(_temp, recursive: true);

    private void Write(string relative, string json)
    {
        var path = Path.Combine(_temp, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json);
    }

    [Test]
    public void LoadDirectory_RealScenarios_LoadWithZeroErrors()
    {
        var result = ScenarioCatalog.LoadDirectory(ScenariosDir);
        Assert.That(result.Errors, Is.Empty, string.Join("\n", result.Errors));
        Assert.That(result.Catalog.All, Has.Count.GreaterThanOrEqualTo(15));
        Assert.That(result.Catalog.All.Select(s => s.Family).Distinct(), Is.SupersetOf(new[]
        {
            "framing", "encoding", "fields", "termination", "errors", "retries", "cancellation", "timeouts", "llm-openai", "llm-anthropic",
        }));
        Assert.That(result.Catalog.All, Has.All.Matches<Scenario>(s => s.SourcePath != null && s.Rules.Count > 0));
    }

    [Test]
    public void RealScenarios_EveryAttemptCompiles_AndNormalOnesFinishWithinASecond()
    {
        foreach (var s in ScenarioCatalog.LoadDirectory(ScenariosDir).Catalog.All)
            for (var attempt = 1; attempt <= s.Responses.Count; attempt++)
            {
                var plan = ScenarioCompiler.Compile(s, attempt);
                // A 204 No Content has no body (reconnect.stop.204-no-content), nor has a stream that says so with a single
                // empty raw step (termination.eof.empty-body): no writes to make.
                var saysEmpty = s.Responses[attempt - 1].Stream?.Events is [RawStep { Text: "" }];
                if (plan.Status != 204 && !saysEmpty) Assert.That(plan.Writes, Is.Not.Empty, s.Id);
                var total = plan.Writes.Sum(w => w.DelayMs);
                if (plan.Ending.Kind is EndKind.Clean or EndKind.Fin or EndKind.Reset)
                    Assert.That(total, Is.LessThan(1700), $"{s.Id} takes {total} ms");
                var body = s.Responses[attempt - 1].Stream;
                if (body?.Transport.End.AfterBytes is { } cut)
                    Assert.That(plan.Body(), Has.Length.EqualTo(cut), $"{s.Id}: afterBytes must fall inside the body");
                if (body is not null && body.Transport.Split.Mode != SplitMode.PerEvent && body.Transport.Split.Mode != SplitMode.Single && body.Transport.Split.Bytes < 4096)
                    Assert.That(plan.Writes.Skip(1), Has.All.Matches<PlannedWrite>(w => w.DelayMs > 0), $"{s.Id}: split scenarios need a delay so reads separate");
            }
    }

    [Test]
    public void RealScenarios_TogetherUseEveryPrimitive()
    {
        var all = ScenarioCatalog.LoadDirectory(ScenariosDir).Catalog.All;
        var responses = all.SelectMany(s => s.Responses).ToList();
        var transports = responses.Where(r => r.Stream != null).Select(r => r.Stream!.Transport).ToList();
        static IEnumerable<StreamStep> Flatten(IEnumerable<StreamStep> steps) =>
            steps.SelectMany(s => s is RepeatStep r ? new[] { s }.Concat(Flatten([r.Step])) : [s]);
        var steps = Flatten(responses.Where(r => r.Stream != null).SelectMany(r => r.Stream!.Events)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Enum.GetValues<SplitMode>().Except(transports.Select(t => t.Split.Mode)), Is.Empty, "split modes");
            Assert.That(Enum.GetValues<LineEnding>().Except(transports.Select(t => t.LineEnding)), Is.Empty, "line endings");
            Assert.That(Enum.GetValues<EndKind>().Except(transports.Select(t => t.End.Kind)), Is.Empty, "endings");
            Assert.That(Enum.GetValues<BodyFraming>().Except(responses.Select(r => r.Framing)), Is.Empty, "framings");
            Assert.That(DialectCatalog.All.Except(all.Select(s => s.Api)), Is.Empty, "apis");
            Assert.That(new[] { typeof(ChunkStep), typeof(DoneStep), typeof(ErrorStep), typeof(AnthropicStep), typeof(CommentStep), typeof(SseStep), typeof(RawStep), typeof(GenerateStep), typeof(RepeatStep) }
                .Except(steps.Select(s => s.GetType())), Is.Empty, "step kinds");
            Assert.That(Enum.GetValues<AnthropicEventKind>().Except(steps.OfType<AnthropicStep>().Select(a => a.Kind)), Is.Empty, "anthropic events");
            Assert.That(transports.Any(t => t.Bom) && responses.Any(r => r.Gzip) && steps.Any(s => s.DelayMs != null), "bom, gzip, step delay");
        });
    }

    [Test]
    public void LoadDirectory_DuplicateIds_NamesBothFiles()
    {
        Write("a/a.one.json", Minimal("a.one"));
        Write("a/sub/a.one.json", Minimal("a.one"));
        var result = ScenarioCatalog.LoadDirectory(_temp);
        var error = result.Errors.Single(e => e.Message.Contains("duplicate", StringComparison.Ordinal));
        Assert.That(error.ToString(), Does.Contain("a/a.one.json").And.Contain("a/sub/a.one.json"));
    }

    [Test]
    public void LoadDirectory_FolderOrFileNameMismatch_IsError()
    {
        Write("framing/other.x.json", Minimal("other.x"));
        Write("framing/wrong-name.json", Minimal("framing.y"));
        Write("framing/framing.ok.json", Minimal("framing.ok"));
        var result = ScenarioCatalog.LoadDirectory(_temp);
        Assert.That(result.Errors.Select(e => e.File), Is.EquivalentTo(new[] { "framing/other.x.json", "framing/wrong-name.json" }));
        Assert.That(result.Catalog.All.Select(s => s.Id), Is.EqualTo(new[] { "framing.ok" }));
    }

    [Test]
    public void LoadDirectory_BrokenFile_KeepsTheValidOnesAndReportsTheBroken()
    {
        Write("framing/framing.ok.json", Minimal("framing.ok"));
        Write("framing/framing.bad.json", "{ \"id\": ");
        var result = ScenarioCatalog.LoadDirectory(_temp);
        Assert.That(result.Catalog.Find("framing.ok"), Is.Not.Null);
        Assert.That(result.Errors.Single().File, Is.EqualTo("framing/framing.bad.json"));
    }

    [Test]
    public void LoadDirectory_UnreadableFile_IsAnErrorWithItsPath_TheRestLoads()
    {
        Write("framing/framing.ok.json", Minimal("framing.ok"));
        Support.Unreadable.File(Path.Combine(_temp, "framing", "framing.locked.json"));
        var result = ScenarioCatalog.LoadDirectory(_temp);
        Assert.That(result.Errors.Select(e => e.ToString()), Is.EqualTo(new[] { "framing/framing.locked.json: $: cannot read the file: Input/output error" }));
        Assert.That(result.Catalog.Find("framing.ok"), Is.Not.Null);
    }

    [Test]
    public void LoadDirectory_UnreadableFolder_IsOneErrorWithItsPath_TheRestLoads()
    {
        Write("framing/framing.ok.json", Minimal("framing.ok"));
        var locked = Path.Combine(_temp, "encoding");
        Support.Unreadable.Folder(locked);
        try
        {
            var result = ScenarioCatalog.LoadDirectory(_temp);
            Assert.That(result.Errors.Select(e => e.ToString()), Is.EqualTo(new[] { "encoding/: $: cannot read the folder: Permission denied" }));
            Assert.That(result.Catalog.Find("framing.ok"), Is.Not.Null);
        }
        finally { Support.Unreadable.Restore(locked); }
    }

    [Test]
    public void CloseMatches_Typo_SuggestsTheRealId()
    {
        var catalog = ScenarioCatalog.LoadDirectory(ScenariosDir).Catalog;
        Assert.That(catalog.Find("framing.crlf.split-between-cr-and-lf"), Is.Not.Null);
        Assert.That(catalog.Find("framing.crlf.split-betwen-cr-and-lf"), Is.Null);
        Assert.That(catalog.CloseMatches("framing.crlf.split-betwen-cr-and-lf")[0], Is.EqualTo("framing.crlf.split-between-cr-and-lf"));
        Assert.That(catalog.CloseMatches("utf8", max: 10), Has.Count.GreaterThanOrEqualTo(3));
    }
}
