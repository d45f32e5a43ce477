using Conformance.Core.Capabilities;
using Conformance.Core.Journal;
using Conformance.Core.Observations;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Core.Wire;
using Conformance.Tests.Scenarios;

namespace Conformance.Tests.Scoring;

/// <summary>
/// One case for check-level tests: a scenario, the expectation the builder derives from its bytes, a journal
/// that says the server sent every write as planned, and the observation lines a client would print.
/// </summary>
internal sealed class CheckCase
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public required Scenario Scenario { get; init; }
    public required Expectation Expectation { get; init; }
    public CaseJournal Journal { get; init; } = null!;

    public static CheckCase Stream(string events, string api = "openai-chat", string transport = "{}", string client = "", Profile? profile = null, string extra = "")
    {
        var json = ScenarioJson.Stream(events, transport, api, extra);
        if (client.Length > 0) json = json.Replace("\"api\":", $"\"client\": {client}, \"api\":", StringComparison.Ordinal);
        return From(ScenarioJson.Parse(json), profile);
    }

    public static CheckCase From(Scenario scenario, Profile? profile = null)
    {
        var expectation = ExpectationBuilder.Build(scenario, profile ?? Profiles.OpenAi);
        var exchanges = new List<JournalExchange>();
        for (var attempt = 1; attempt <= expectation.Attempts; attempt++)
            exchanges.Add(Exchange(ScenarioCompiler.Compile(scenario, attempt), attempt, T0.AddSeconds(attempt - 1)));
        return new CheckCase { Scenario = scenario, Expectation = expectation, Journal = new CaseJournal { CaseId = "c1", ScenarioId = scenario.Id, Exchanges = exchanges } };
    }

    /// <summary>The exchange a server writes for <paramref name="plan"/>: every planned write, 10 ms apart.</summary>
    public static JournalExchange Exchange(ResponsePlan plan, int attempt, DateTimeOffset at, double? clientClosedAtMs = null)
    {
        var offset = 0;
        var writes = new List<JournalWrite>();
        foreach (var w in plan.Writes)
        {
            writes.Add(new JournalWrite(offset, w.Bytes.Length, writes.Count * 10.0, w.Bytes.ToArray()));
            offset += w.Bytes.Length;
        }
        return new JournalExchange
        {
            Attempt = attempt,
            Request = new JournalRequest { At = at, Method = "POST", Path = "/v1/chat/completions", Headers = [], Body = "{}" },
            Response = new JournalResponse
            {
                Status = plan.Status, Framing = BodyFraming.Chunked, Head = [], Writes = writes, Ended = Ends.Clean,
                EndedAtMs = writes.Count * 10.0, ClientClosedAtMs = clientClosedAtMs, Complete = true,
            },
        };
    }

    public CheckCase WithJournal(CaseJournal journal) => new() { Scenario = Scenario, Expectation = Expectation, Journal = journal };

    /// <summary>Observation lines as an adapter prints them.</summary>
    public static IReadOnlyList<Observation> Lines(params string[] lines) =>
        [.. lines.Select(l => ObservationParser.Parse(l, 0).Observation ?? throw new AssertionException($"not an observation: {l}"))];

    /// <summary>What a faithful object-level client reports: every expected chunk, then the expected ending.</summary>
    public IReadOnlyList<Observation> Faithful() =>
        [.. Expectation.Chunks.Select(c => Lines($$"""{"type":"chunk","data":{{c.Json}}}""")[0]), .. Lines(EndLine(Expectation.Outcome.Kind))];

    public static string EndLine(string reason) => $$"""{"type":"end","reason":"{{reason}}"}""";

    public static string Chunk(string json) => $$"""{"type":"chunk","data":{{json}}}""";

    public ScoringInput Input(IReadOnlyList<Observation> observations, ClientCapabilities? capabilities = null, params Rule[] caseRules) => new()
    {
        Scenario = Scenario,
        Expectation = Expectation,
        Observations = observations,
        Journal = Journal,
        Capabilities = capabilities ?? ClientCapabilities.Everything,
        CaseRules = caseRules,
    };

    public static Rule Rule(string id, string check, params string[] phantoms) => new()
    {
        Id = id, Says = "s", Level = RuleLevel.Must, Check = check, Source = new RuleSource(RuleSource.Whatwg, "q"), Phantoms = phantoms,
    };

    public static readonly Rule ContentRule = Rule("llm.content.exact", CheckKinds.Content);
    public static readonly Rule PingRule = Rule("llm.anthropic.ping-ignored", CheckKinds.NoPhantom, PhantomKinds.Ping);
    public static readonly Rule AfterDoneRule = Rule("llm.done.nothing-after", CheckKinds.NoPhantom, PhantomKinds.AfterTerminator, PhantomKinds.Terminator);
    public static readonly Rule CommentsRule = Rule("sse.comments.ignored", CheckKinds.NoPhantom, PhantomKinds.Comment, PhantomKinds.Unexplained);
    public static readonly Rule OutcomeRule = Rule("llm.done.sentinel", CheckKinds.Outcome);
}
