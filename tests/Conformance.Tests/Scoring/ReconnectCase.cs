using System.Text;
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
/// A reconnection case for check-level tests: a scenario with <c>client.reconnects</c> and one response per connection,
/// its expectation, and a journal of the requests a client made (their Last-Event-ID, the gap before each).
/// </summary>
internal sealed class ReconnectCase
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public required Scenario Scenario { get; init; }
    public required Expectation Expectation { get; init; }

    public ExpectedReconnection Reconnection => Expectation.Reconnection!;

    /// <summary><paramref name="responses"/>: the JSON of each response, e.g. <c>{ "stream": { "events": [ … ] } }</c>.</summary>
    public static ReconnectCase Of(int reconnects, Profile? profile = null, params string[] responses)
    {
        var json = $$"""
            {
              "id": "reconnect.test", "title": "t", "description": "d", "rules": ["test.rule"], "api": "openai-chat",
              "client": { "reconnects": {{reconnects}} },
              "responses": [ {{string.Join(", ", responses)}} ]
            }
            """;
        var scenario = ScenarioJson.Parse(json);
        return new ReconnectCase { Scenario = scenario, Expectation = ExpectationBuilder.Build(scenario, profile ?? Profiles.Whatwg) };
    }

    /// <summary>A stream response of raw SSE text (LF line ends).</summary>
    public static string Stream(string sse, string end = """{ "kind": "clean" }""") =>
        $$"""{ "stream": { "events": [ { "raw": {{System.Text.Json.JsonSerializer.Serialize(sse)}} } ], "transport": { "end": {{end}} } } }""";

    /// <summary>
    /// The journal of a client that sent these requests: each with its Last-Event-ID header value (null: none; sent as
    /// UTF-8 bytes in Latin-1 characters, as the server records them) and the gap after the previous response's end.
    /// Each response is the scenario's compiled plan, ended 20 ms after its request.
    /// </summary>
    public CaseJournal Journal(params (string? LastEventId, double GapMs)[] requests)
    {
        var exchanges = new List<JournalExchange>();
        var at = T0;
        for (var i = 0; i < requests.Length; i++)
        {
            var (id, gap) = requests[i];
            if (i > 0) at = at.AddMilliseconds(20 + gap);
            var headers = new List<KeyValuePair<string, string>> { new("Host", "127.0.0.1") };
            if (id is not null) headers.Add(new("Last-Event-ID", Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(id))));
            var plan = ScenarioCompiler.Compile(Scenario, i + 1);
            var exchange = CheckCase.Exchange(plan, i + 1, at);
            exchanges.Add(new JournalExchange
            {
                Attempt = i + 1,
                Request = exchange.Request with { Headers = headers, Method = "GET" },
                Response = exchange.Response! with { EndedAtMs = 20 },
            });
        }
        return new CaseJournal { CaseId = "c1", ScenarioId = Scenario.Id, Exchanges = exchanges };
    }

    /// <summary>A journal in which the client did everything right, <paramref name="gapMs"/> after each end.</summary>
    public CaseJournal Correct(double gapMs = 250) =>
        Journal([.. Reconnection.Connections.Select((c, i) => (c.LastEventId, i == 0 ? 0 : Math.Max(gapMs, c.WaitMs ?? 0)))]);

    public ScoringInput Input(CaseJournal journal, IReadOnlyList<Observation>? observations = null, ObservationLevel level = ObservationLevel.Events, params Rule[] caseRules) => new()
    {
        Scenario = Scenario,
        Expectation = Expectation,
        Observations = observations ?? CheckCase.Lines(CheckCase.EndLine("eof")),
        Journal = journal,
        Capabilities = ClientCapabilities.Everything with { Observes = level, Features = new HashSet<string>(ClientFeatures.All) },
        CaseRules = caseRules,
    };

    /// <summary>Event observation lines for these events, as a parser library prints them (with their ids).</summary>
    public static IReadOnlyList<Observation> Events(IEnumerable<ExpectedEvent> events) =>
        CheckCase.Lines([.. events.Select(e => System.Text.Json.JsonSerializer.Serialize(new { type = "event", @event = e.Type, data = e.Data, id = e.Id ?? "" })), CheckCase.EndLine("eof")]);
}
