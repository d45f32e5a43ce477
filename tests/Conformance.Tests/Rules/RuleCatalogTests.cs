using System.Text.Json.Nodes;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Tests.Scenarios;

namespace Conformance.Tests.Rules;

public sealed class RuleCatalogTests
{
    private static string RulesFile => Path.Combine(ScenarioJson.RepoRoot(), "rules", "rules.json");

    private static string ScenariosDir => Path.Combine(ScenarioJson.RepoRoot(), "scenarios");

    private static RuleCatalog Load()
    {
        var (catalog, errors) = RuleCatalog.LoadFile(RulesFile);
        Assert.That(errors, Is.Empty, string.Join("\n", errors));
        return catalog;
    }

    private static string One(string rule) => $$"""{ "rules": [ {{rule}} ] }""";

    private const string Good = """
        { "id": "sse.framing.lf", "says": "s", "level": "MUST", "check": "content",
          "source": { "document": "001_ce4e54f928ed2bc5.txt", "quote": "q" } }
        """;

    [Test]
    public void LoadFile_RealCatalogue_LoadsWithZeroErrors()
    {
        var catalog = Load();
        Assert.That(catalog.All, Has.Count.GreaterThanOrEqualTo(38));
        Assert.That(catalog.Find("sse.utf8.split")?.Check, Is.EqualTo(CheckKinds.Content));
        Assert.That(catalog.Find("no.such-rule"), Is.Null);
    }

    [Test]
    public void RealCatalogue_CoversTheRequiredRules()
    {
        string[] required =
        [
            "sse.framing.lf", "sse.framing.crlf", "sse.framing.cr", "sse.framing.split-line", "sse.buffer.partial-json", "sse.utf8.split",
            "sse.bom", "sse.comments.ignored", "sse.data.multiline", "sse.data.space-optional", "sse.fields.unknown-ignored",
            "sse.eof.trailing-event", "llm.done.sentinel", "llm.done.nothing-after", "llm.done.missing", "llm.content.exact",
            "llm.nonjson.dropped", "llm.error.embedded", "llm.anthropic.error-event", "llm.anthropic.ping-ignored",
            "llm.anthropic.message-stop", "llm.tool-calls.by-index", "llm.reasoning.passed-through", "llm.usage.empty-choices",
            "net.fin.not-success", "net.reset.not-success", "http.error.status", "http.error.json-body-200", "http.retry.429",
            "http.retry.5xx", "http.retry.retry-after", "http.no-retry.4xx", "client.cancel.closes-connection", "timeout.idle",
            "timeout.heartbeat-keeps-alive", "timeout.drip-keeps-alive", "client.message.assembled",
        ];
        var catalog = Load();
        Assert.That(required.Where(id => catalog.Find(id) is null), Is.Empty);
    }

    [Test]
    public void RealCatalogue_EveryQuoteIsFoundInItsSeed()
    {
        // shared/ sits beside the clone: /work/shared/seeds here, <repo>/../shared/seeds in CI.
        var seeds = Path.GetFullPath(Path.Combine(ScenarioJson.RepoRoot(), "..", "shared", "seeds"));
        if (!Directory.Exists(seeds)) Assert.Ignore($"seed documents not found at {seeds}");
        var errors = Load().VerifyQuotes(seeds);
        Assert.That(errors, Is.Empty, string.Join("\n", errors));
    }

    [Test]
    public void VerifyQuotes_QuoteNotInSeed_IsReported_WhitespaceCollapsed()
    {
        var dir = Directory.CreateTempSubdirectory("seeds-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "001_ce4e54f928ed2bc5.txt"), "Events are split\n   on blank lines.");
            var json = $$"""
                { "rules": [
                  { "id": "a.found", "says": "s", "level": "MUST", "check": "content", "source": { "document": "001_ce4e54f928ed2bc5.txt", "quote": "split on  blank" } },
                  { "id": "a.missing", "says": "s", "level": "MUST", "check": "content", "source": { "document": "001_ce4e54f928ed2bc5.txt", "quote": "split on commas" } },
                  { "id": "a.noseed", "says": "s", "level": "MUST", "check": "content", "source": { "document": "009_0000000000000000.txt", "quote": "x" } },
                  { "id": "a.whatwg", "says": "s", "level": "MUST", "check": "content", "source": { "document": "whatwg-html#event-stream-interpretation", "quote": "anything" } }
                ] }
                """;
            var (catalog, errors) = RuleCatalog.Parse(json, "rules.json");
            Assert.That(errors, Is.Empty);
            var quoteErrors = catalog.VerifyQuotes(dir);
            Assert.That(quoteErrors, Has.Count.EqualTo(2));
            Assert.That(quoteErrors[0], Does.StartWith("a.missing:"));
            Assert.That(quoteErrors[1], Does.StartWith("a.noseed:"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void Parse_RuleWithoutSource_IsRefusedWithItsPath()
    {
        var (catalog, errors) = RuleCatalog.Parse(One("""{ "id": "a.b", "says": "s", "level": "MUST", "check": "content" }"""), "rules.json");
        Assert.That(catalog.All, Is.Empty);
        Assert.That(errors.Single(), Does.StartWith("rules.json: $.rules[0]:").And.Contain("a rule without a source is refused"));
    }

    [Test]
    public void Parse_UnknownCheckKind_IsRejected()
    {
        var (catalog, errors) = RuleCatalog.Parse(One(Good.Replace("\"content\"", "\"contents\"", StringComparison.Ordinal)), "rules.json");
        Assert.That(catalog.All, Is.Empty);
        Assert.That(errors.Single(), Does.StartWith("rules.json: $.rules[0].check:").And.Contain("unknown check kind 'contents'"));
    }

    [Test]
    public void Parse_EveryProblem_ReportedAtOnceWithItsPath()
    {
        var json = """
            { "rules": [
              { "id": "sse.framing.lf", "says": "s", "level": "MUST", "check": "content", "source": { "document": "001_ce4e54f928ed2bc5.txt", "quote": "q" } },
              { "id": "sse.framing.lf", "says": "s", "level": "MUST", "check": "content", "source": { "document": "001_ce4e54f928ed2bc5.txt", "quote": "q" } },
              { "id": "Bad_Id", "says": "s", "level": "MAY", "check": "content", "source": { "document": "seed.txt", "quote": "  " }, "extra": 1 },
              { "id": "a.b", "says": "s", "level": "INFO", "check": "message", "source": { "document": "whatwg-html#event-stream-interpretation", "quote": "q", "page": 3 } }
            ] }
            """;
        var (catalog, errors) = RuleCatalog.Parse(json, "rules.json");
        Assert.That(catalog.All.Select(r => r.Id), Is.EqualTo(new[] { "sse.framing.lf" }));
        Assert.That(errors, Has.Some.StartWith("rules.json: $.rules[1].id: duplicate id 'sse.framing.lf', also at $.rules[0]"));
        Assert.That(errors, Has.Some.StartWith("rules.json: $.rules[2].id: malformed id 'Bad_Id'"));
        Assert.That(errors, Has.Some.StartWith("rules.json: $.rules[2].level: unknown level 'MAY'"));
        Assert.That(errors, Has.Some.StartWith("rules.json: $.rules[2].source.document: 'seed.txt' is neither a seed file name"));
        Assert.That(errors, Has.Some.StartWith("rules.json: $.rules[2].source.quote: empty quote"));
        Assert.That(errors, Has.Some.StartWith("rules.json: $.rules[2].extra: unknown property 'extra'"));
        Assert.That(errors, Has.Some.StartWith("rules.json: $.rules[3].source.page: unknown property 'page'"));
        Assert.That(errors, Has.Count.EqualTo(7), string.Join("\n", errors));
    }

    [Test]
    public void Parse_MalformedJson_IsOneError()
    {
        var (_, errors) = RuleCatalog.Parse("{ \"rules\": [", "rules.json");
        Assert.That(errors.Single(), Does.StartWith("rules.json: $: malformed JSON"));
    }

    [Test]
    public void EveryScenarioRule_ExistsInTheCatalogue()
    {
        var catalog = Load();
        var scenarios = ScenarioCatalog.LoadDirectory(ScenariosDir).Catalog.All;
        var unknown = scenarios.SelectMany(s => s.Rules.Where(r => catalog.Find(r) is null).Select(r => $"{s.Id}: unknown rule '{r}'")).ToList();
        Assert.That(unknown, Is.Empty, string.Join("\n", unknown));
    }

    [Test]
    public void ClientScenarios_CiteOnlyClientRules_NeverAProxyRule()
    {
        // The client scorer has no check for 'proxy'; only proxy mode scores rules/proxy-rules.json.
        var proxyIds = RuleCatalog.LoadFile(Path.Combine(ScenarioJson.RepoRoot(), "rules", "proxy-rules.json")).Catalog.All.Select(r => r.Id).ToHashSet();
        Assert.That(proxyIds, Is.Not.Empty);
        Assert.That(Load().All.Where(r => r.Check == CheckKinds.Proxy).Select(r => r.Id), Is.Empty, "rules.json is the client catalogue");
        var cited = ScenarioCatalog.LoadDirectory(ScenariosDir).Catalog.All
            .SelectMany(s => s.Rules.Where(proxyIds.Contains).Select(r => $"{s.Id}: cites proxy rule '{r}'")).ToList();
        Assert.That(cited, Is.Empty, string.Join("\n", cited));
    }

    [Test]
    public void EveryCatalogueRule_IsUsedByAScenario_OrIsInfo()
    {
        var used = ScenarioCatalog.LoadDirectory(ScenariosDir).Catalog.All.SelectMany(s => s.Rules).ToHashSet(StringComparer.Ordinal);
        var unused = Load().All.Where(r => r.Level != RuleLevel.Info && !used.Contains(r.Id)).Select(r => r.Id).ToList();
        Assert.That(unused, Is.Empty, "rules no scenario proves (add a scenario or mark them INFO)");
    }

    [Test]
    public void Schema_ListsEveryCheckKind_AndEveryRuleProperty()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(ScenarioJson.RepoRoot(), "rules", "rules.schema.json")))!;
        var rule = schema["$defs"]!["rule"]!;
        var kinds = rule["properties"]!["check"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.That(kinds, Is.EquivalentTo(CheckKinds.All));
        var props = rule["properties"]!.AsObject().Select(p => p.Key);
        Assert.That(props, Is.EquivalentTo(new[] { "id", "says", "level", "check", "phantoms", "forms", "source" }));
        var phantoms = rule["properties"]!["phantoms"]!["items"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.That(phantoms, Is.EquivalentTo(Conformance.Core.Scoring.PhantomKinds.All));
    }

    [Test]
    public void Phantoms_AreParsed_AndBadOnesAreLocatedErrors()
    {
        const string Source = "\"source\": { \"document\": \"whatwg-html#event-stream-interpretation\", \"quote\": \"q\" }";
        var (ok, okErrors) = RuleCatalog.Parse($$"""{ "rules": [ { "id": "a.b", "says": "s", "level": "MUST", "check": "no-phantom", "phantoms": ["ping"], {{Source}} } ] }""", "r.json");
        Assert.That(okErrors, Is.Empty);
        Assert.That(ok.All[0].Phantoms, Is.EqualTo(new[] { "ping" }));
        Assert.That(ok.All[0].JudgesPhantom("ping") && !ok.All[0].JudgesPhantom("comment"), Is.True);
        var (_, errors) = RuleCatalog.Parse($$"""{ "rules": [ { "id": "a.b", "says": "s", "level": "MUST", "check": "content", "phantoms": ["pong"], {{Source}} } ] }""", "r.json");
        Assert.That(errors, Has.Some.StartsWith("r.json: $.rules[0].phantoms: only a 'no-phantom' rule judges phantoms"));
        Assert.That(errors, Has.Some.StartsWith("r.json: $.rules[0].phantoms[0]: unknown phantom kind \"pong\""));
    }
}
