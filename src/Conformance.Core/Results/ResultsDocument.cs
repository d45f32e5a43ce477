using System.Text.Json;
using System.Text.Json.Serialization;
using Conformance.Core.Journal;
using Conformance.Core.Observations;
using Conformance.Core.Rules;
using Conformance.Core.Scoring;

namespace Conformance.Core.Results;

/// <summary>
/// results.json as written, schema <c>conformance-results/2</c> (docs/results-format.md): the <see cref="RunResult"/>
/// with what is the same for many cases kept once. An expectation is the same for every client of a scenario under
/// one profile, so cases name it (<c>expectations</c>); what the server wrote is the same for every client of a
/// scenario (a client that leaves early got a prefix of it), so a response names its body (<c>bodies</c>) and its
/// writes carry offsets, lengths and times only. Reading rebuilds the <see cref="RunResult"/> exactly: every
/// reader works on the in-memory model and never sees the sharing.
/// </summary>
internal static class ResultsDocument
{
    public static Document From(RunResult run)
    {
        var expectations = new SharedExpectations();
        var bodies = new SharedBodies(run.Cases);
        return new Document
        {
            Schema = RunResult.CurrentSchema,
            Tool = run.Tool,
            Catalogue = run.Catalogue,
            StartedAt = run.StartedAt,
            DurationMs = run.DurationMs,
            Interrupted = run.Interrupted,
            Shard = run.Shard,
            Clients = run.Clients,
            Rules = run.Rules,
            Index = ResultsIndex.Build(run),
            Cases = [.. run.Cases.Select(c => StoredCase.From(c, expectations.Id(c), bodies))],
            Scenarios = new SortedDictionary<string, StoredScenario>(
                run.Cases.GroupBy(c => c.ScenarioId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => StoredScenario.From(g.First()), StringComparer.Ordinal), StringComparer.Ordinal),
            Expectations = expectations.All,
            Bodies = bodies.All,
        };
    }

    public static RunResult ToRun(Document d)
    {
        var errors = new List<string>();
        var cases = d.Cases.Select((c, i) => c.ToCase(d, $"cases[{i}]", errors)).ToList();
        if (errors.Count > 0) throw new JsonException("results.json: " + string.Join("; ", errors.Take(5)));
        return new RunResult
        {
            Schema = d.Schema,
            Tool = d.Tool,
            Catalogue = d.Catalogue,
            StartedAt = d.StartedAt,
            DurationMs = d.DurationMs,
            Interrupted = d.Interrupted,
            Shard = d.Shard,
            Clients = d.Clients,
            Rules = d.Rules,
            Cases = [.. cases.OfType<CaseResult>()],
        };
    }

    internal sealed record Document
    {
        public required string Schema { get; init; }
        public ToolInfo? Tool { get; init; }
        public CatalogueInfo? Catalogue { get; init; }
        public required DateTimeOffset StartedAt { get; init; }
        public required double DurationMs { get; init; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
        public bool Interrupted { get; init; }
        public ShardInfo? Shard { get; init; }
        public required IReadOnlyList<ClientInfo> Clients { get; init; }
        public required IReadOnlyList<Rule> Rules { get; init; }
        /// <summary>Written for readers (jq); ignored on reading (derived from the cases).</summary>
        public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, Verdict>>>? Index { get; init; }
        public required IReadOnlyList<StoredCase> Cases { get; init; }
        /// <summary>What the scenario file says of itself (family, title, description, api), once per scenario.</summary>
        public IReadOnlyDictionary<string, StoredScenario> Scenarios { get; init; } = new Dictionary<string, StoredScenario>();
        public IReadOnlyDictionary<string, Expectation> Expectations { get; init; } = new Dictionary<string, Expectation>();
        public IReadOnlyDictionary<string, StoredBody> Bodies { get; init; } = new Dictionary<string, StoredBody>();
    }

    /// <summary>A case as stored: <see cref="CaseResult"/> with the expectation and the response bodies by reference.</summary>
    internal sealed record StoredCase
    {
        public required string Client { get; init; }
        public required string CaseId { get; init; }
        public required string ScenarioId { get; init; }
        /// <summary>Key into <see cref="Document.Expectations"/>.</summary>
        public required string Expectation { get; init; }
        public required IReadOnlyList<Observation> Observations { get; init; }
        public IReadOnlyList<string> Faults { get; init; } = [];
        public string Stderr { get; init; } = "";
        public bool TimedOut { get; init; }
        public int? ExitCode { get; init; }
        public required double DurationMs { get; init; }
        public double HarnessMs { get; init; }
        public string CommandLine { get; init; } = "";
        public required StoredJournal Journal { get; init; }
        public required IReadOnlyList<RuleVerdict> Verdicts { get; init; }
        public IReadOnlyList<string>? Elided { get; init; }
        public IReadOnlyDictionary<string, string> Attachments { get; init; } = new Dictionary<string, string>();

        public static StoredCase From(CaseResult c, string expectation, SharedBodies bodies) => new()
        {
            Client = c.Client, CaseId = c.CaseId, ScenarioId = c.ScenarioId, Expectation = expectation, Observations = c.Observations, Faults = c.Faults, Stderr = c.Stderr, TimedOut = c.TimedOut,
            ExitCode = c.ExitCode, DurationMs = c.DurationMs, HarnessMs = c.HarnessMs, CommandLine = c.CommandLine,
            Journal = new StoredJournal
            {
                CaseId = c.Journal.CaseId,
                ScenarioId = c.Journal.ScenarioId,
                Exchanges = [.. c.Journal.Exchanges.Select(x => new StoredExchange
                {
                    Attempt = x.Attempt,
                    Request = x.Request,
                    Response = x.Response is { } r ? StoredResponse.From(r, bodies.Id(r)) : null,
                })],
            },
            Verdicts = c.Verdicts, Elided = c.Elided, Attachments = c.Attachments,
        };

        public CaseResult? ToCase(Document d, string at, List<string> errors)
        {
            if (!d.Scenarios.TryGetValue(ScenarioId, out var scenario))
            {
                errors.Add($"{at}.scenarioId: '{ScenarioId}' is not in scenarios");
                return null;
            }
            if (!d.Expectations.TryGetValue(Expectation, out var expectation))
            {
                errors.Add($"{at}.expectation: '{Expectation}' is not in expectations");
                return null;
            }
            var exchanges = new List<JournalExchange>();
            for (var i = 0; i < Journal.Exchanges.Count; i++)
            {
                var x = Journal.Exchanges[i];
                JournalResponse? response = null;
                if (x.Response is { } r)
                {
                    StoredBody? body = null;
                    if (r.Body is not null && !d.Bodies.TryGetValue(r.Body, out body))
                    {
                        errors.Add($"{at}.journal.exchanges[{i}].response.body: '{r.Body}' is not in bodies");
                        return null;
                    }
                    response = r.ToResponse(body);
                }
                exchanges.Add(new JournalExchange { Attempt = x.Attempt, Request = x.Request, Response = response });
            }
            return new CaseResult
            {
                Client = Client, CaseId = CaseId, ScenarioId = ScenarioId, Family = scenario.Family, Title = scenario.Title, Description = scenario.Description, Api = scenario.Api,
                Expectation = expectation, Observations = Observations, Faults = Faults, Stderr = Stderr, TimedOut = TimedOut, ExitCode = ExitCode,
                DurationMs = DurationMs, HarnessMs = HarnessMs, CommandLine = CommandLine,
                Journal = new CaseJournal { CaseId = Journal.CaseId, ScenarioId = Journal.ScenarioId, Exchanges = exchanges },
                Verdicts = Verdicts, Elided = Elided, Attachments = Attachments,
            };
        }
    }

    internal sealed record StoredScenario
    {
        public required string Family { get; init; }
        public required string Title { get; init; }
        public required string Description { get; init; }
        public required string Api { get; init; }

        public static StoredScenario From(CaseResult c) => new() { Family = c.Family, Title = c.Title, Description = c.Description, Api = c.Api };
    }

    internal sealed record StoredJournal
    {
        public required string CaseId { get; init; }
        public required string ScenarioId { get; init; }
        public required IReadOnlyList<StoredExchange> Exchanges { get; init; }
    }

    internal sealed record StoredExchange
    {
        public required int Attempt { get; init; }
        public required JournalRequest Request { get; init; }
        public StoredResponse? Response { get; init; }
    }

    internal sealed record StoredResponse
    {
        public required int Status { get; init; }
        public required Wire.BodyFraming Framing { get; init; }
        public required byte[] Head { get; init; }
        /// <summary>Key into <see cref="Document.Bodies"/>; null when the response wrote no body bytes.</summary>
        public string? Body { get; init; }
        public required IReadOnlyList<StoredWrite> Writes { get; init; }
        public required string Ended { get; init; }
        public required double EndedAtMs { get; init; }
        public double? ClientClosedAtMs { get; init; }
        public required bool Complete { get; init; }

        public static StoredResponse From(JournalResponse r, string? body) => new()
        {
            Status = r.Status, Framing = r.Framing, Head = r.Head, Body = body,
            Writes = [.. r.Writes.Select(w => new StoredWrite(w.Offset, w.Length, w.AtMs))],
            Ended = r.Ended, EndedAtMs = r.EndedAtMs, ClientClosedAtMs = r.ClientClosedAtMs, Complete = r.Complete,
        };

        public JournalResponse ToResponse(StoredBody? body) => new()
        {
            Status = Status, Framing = Framing, Head = Head,
            Writes = [.. Writes.Select(w => new JournalWrite(w.Offset, w.Length, w.AtMs, body?.Slice(w.Offset, w.Length) ?? []))],
            Ended = Ended, EndedAtMs = EndedAtMs, ClientClosedAtMs = ClientClosedAtMs, Complete = Complete,
        };
    }

    internal sealed record StoredWrite(int Offset, int Length, double AtMs);
}
