using System.Diagnostics;
using System.Text.Json;
using Conformance.Core.Journal;
using Conformance.Core.Observations;
using Conformance.Core.Results;
using Conformance.Core.Scoring;
using Conformance.Lint.Checks;
using Conformance.Lint.Rules;
using Conformance.Lint.Wire;

namespace Conformance.Lint;

/// <summary>The run, or why there is none (the server could not be reached: a harness fault, exit 3).</summary>
public sealed record LintOutcome(RunResult? Run, string? Fault, IReadOnlyList<StreamCapture> Captures);

/// <summary>
/// Sends the one request (<see cref="LintOptions.Repeat"/> times, one after the other) and scores each stream
/// against rules/server-rules.json. Each request is one case of one "client" (the server), so every report,
/// the console summary and the gate of <c>run</c> apply unchanged.
/// </summary>
public sealed class LintRunner(TimeProvider time)
{
    public LintRunner() : this(TimeProvider.System) { }

    /// <summary>The driver of the scored "client" in reports: a live server read by the lint client.</summary>
    public const string Driver = "server:lint";

    public async Task<LintOutcome> RunAsync(LintOptions options, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        var sw = Stopwatch.StartNew();
        var request = options.ToRequest();
        var client = new LintClient(time);
        var name = options.Name ?? options.Url.Authority;
        var cases = new List<CaseResult>();
        var captures = new List<StreamCapture>();
        for (var i = 1; i <= options.Repeat; i++)
        {
            var capture = await client.SendAsync(request, options.Timeout, ct).ConfigureAwait(false);
            if (capture.Status is null)
                return new LintOutcome(null, $"no HTTP response from {request.Url}: {capture.Error ?? capture.Ended}", captures);
            captures.Add(capture);
            var id = options.Repeat == 1 ? $"lint.{options.Dialect.Name}" : $"lint.{options.Dialect.Name}.{i}";
            cases.Add(Case(name, id, i, options, capture));
        }
        return new LintOutcome(new RunResult
        {
            StartedAt = started,
            DurationMs = Math.Round(sw.Elapsed.TotalMilliseconds, 1),
            Clients = [new ClientInfo(name, Driver, request.Url.ToString(), "server")],
            Rules = ServerRules.All,
            Cases = cases,
        }, null, captures);
    }

    /// <summary>Every server rule on one capture, in catalogue order: the head, the framing, the flushing, then the API's own.</summary>
    public static IReadOnlyList<RuleVerdict> Score(LintOptions options, StreamCapture capture)
    {
        JsonElement? request = null;
        try { using var doc = JsonDocument.Parse(capture.RequestBody); request = doc.RootElement.Clone(); } catch (JsonException) { }
        var f = new StreamFacts(capture, request);
        var dialect = options.Dialect;
        var verdicts = new List<RuleVerdict> { HttpChecks.Status(f) };
        if (!f.IsStream)
        {
            var why = $"the server answered {capture.Status} {capture.Reason}: there is no stream to judge";
            verdicts.AddRange(new[] { ServerRules.ContentType, ServerRules.CacheControl, ServerRules.NoCompression, ServerRules.BlankLine, ServerRules.LineEndings, ServerRules.Flush }
                .Concat(dialect.StreamRules.Where(r => r != dialect.ErrorShapeRule)).Select(r => LintVerdicts.Skip(r, why)));
            verdicts.Add(capture.Status >= 400 ? dialect.CheckErrorBody(f) : LintVerdicts.Skip(dialect.ErrorShapeRule, why));
        }
        else
        {
            verdicts.Add(HttpChecks.ContentType(f));
            verdicts.Add(HttpChecks.CacheControl(f));
            verdicts.Add(HttpChecks.NoCompression(f));
            verdicts.Add(FramingChecks.BlankLine(f));
            verdicts.Add(FramingChecks.LineEndings(f));
            verdicts.Add(FlushCheck.Check(f));
            verdicts.AddRange(dialect.CheckStream(f));
        }
        var order = ServerRules.All.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i);
        return [.. verdicts.OrderBy(v => order[v.RuleId])];
    }

    private static CaseResult Case(string client, string id, int attempt, LintOptions options, StreamCapture capture)
    {
        var verdicts = Score(options, capture);
        JsonElement? request = null;
        try { using var doc = JsonDocument.Parse(capture.RequestBody); request = doc.RootElement.Clone(); } catch (JsonException) { }
        var f = new StreamFacts(capture, request);
        var observations = new List<Observation>();
        foreach (var e in f.Scan.Events)
        {
            var data = JsonSerializer.SerializeToElement(new { @event = e.Index + 1, bytes = e.Range, type = e.Event, data = e.Data, terminated = e.Terminated });
            observations.Add(new ChunkObservation(data) { AtMs = f.ArrivalOf(e) ?? capture.EndedAtMs });
        }
        observations.Add(capture.Ended == CaptureEnds.Clean
            ? new EndObservation("done") { AtMs = capture.EndedAtMs }
            : new ErrorObservation(capture.Ended == CaptureEnds.Timeout ? "timeout" : "network", capture.Status, capture.Error ?? capture.Ended) { AtMs = capture.EndedAtMs });
        return new CaseResult
        {
            Client = client,
            CaseId = $"{id}#{attempt}",
            ScenarioId = id,
            Family = "lint",
            Title = $"POST {capture.Url}",
            Description = $"One streaming request ({options.Dialect.Name}) to a live server, scored against rules/server-rules.json.",
            Api = options.Dialect.Name,
            Expectation = new Expectation
            {
                Profile = "server",
                Outcome = new ExpectedOutcome("done", [], 200, "a 200 event stream that ends cleanly after its terminator"),
                Chunks = [],
                Text = "",
                Attempts = 1,
            },
            Observations = observations,
            Faults = capture.Ended is CaptureEnds.Clean ? [] : [$"the response ended '{capture.Ended}'{(capture.Error is null ? "" : ": " + capture.Error)}"],
            TimedOut = capture.Ended == CaptureEnds.Timeout,
            DurationMs = capture.EndedAtMs,
            CommandLine = $"POST {capture.Url}",
            Journal = JournalOf(id, attempt, capture),
            Verdicts = verdicts,
        };
    }

    /// <summary>The capture as a journal, so the reports' transcript and timeline show it: the pieces as received, in body offsets.</summary>
    public static CaseJournal JournalOf(string id, int attempt, StreamCapture c) => new()
    {
        CaseId = $"{id}#{attempt}",
        ScenarioId = id,
        Exchanges =
        [
            new JournalExchange
            {
                Attempt = attempt,
                Request = new JournalRequest { At = c.SentAt, Method = "POST", Path = c.Url.PathAndQuery, Headers = c.RequestHeaders, Body = c.RequestBody },
                Response = new JournalResponse
                {
                    Status = c.Status ?? 0,
                    Framing = c.Framing,
                    Head = c.Head,
                    Writes = [.. c.Pieces.Select(p => new JournalWrite(p.Offset, p.Length, p.AtMs, c.Body.AsSpan(p.Offset, p.Length).ToArray()))],
                    Ended = c.Ended switch { CaptureEnds.Clean => Ends.Clean, CaptureEnds.Eof => Ends.Fin, CaptureEnds.Reset => Ends.Reset, CaptureEnds.Timeout => Ends.Stall, _ => c.Ended },
                    EndedAtMs = c.EndedAtMs,
                    Complete = true,
                },
            },
        ],
    };
}
