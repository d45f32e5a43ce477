using System.Globalization;
using System.IO.Compression;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Sse;
using Conformance.Core.Wire;

namespace Conformance.Core.Scoring;

/// <summary>
/// Derives what a correct client produces from the scenario's own compiled bytes under a profile, so
/// a new scenario is scored for free. Where the profile is silent on a point (a lone CR, a BOM, a
/// trailing event), the stream is parsed both ways: if the results differ, the case depends on the
/// point and the affected aspects are marked undefined (SKIPPED), never guessed.
/// </summary>
public static class ExpectationBuilder
{
    /// <summary>Statuses a retrying client retries (004: "HTTP 429 … Retry with backoff", "HTTP 5xx … Retry with backoff").</summary>
    public static readonly IReadOnlySet<int> RetryableStatuses = new HashSet<int> { 408, 429, 500, 502, 503, 504, 529 };

    public const string ContentAspect = "content";
    public const string OutcomeAspect = "outcome";
    /// <summary>The SSE events a parser library dispatches (the <c>events</c> observation level).</summary>
    public const string EventsAspect = "events";
    /// <summary>Reconnection as a whole: whether and how many times the client comes back, when it stops, how long it waits.</summary>
    public const string ReconnectAspect = "reconnect";
    /// <summary>The Last-Event-ID each reconnection carries.</summary>
    public const string LastEventIdAspect = "last-event-id";
    /// <summary>The events a reconnecting client dispatches across its connections.</summary>
    public const string ReconnectEventsAspect = "reconnect-events";
    public const string AllAspects = "*";

    public static Expectation Build(Scenario scenario, Profile profile, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        if (!profile.Covers(scenario.Api))
        {
            return new Expectation
            {
                Profile = profile.Name,
                Outcome = new ExpectedOutcome("eof", [], null, "not covered"),
                Chunks = [],
                Text = "",
                Attempts = 1,
                Undefined = new Dictionary<string, string> { [AllAspects] = $"profile '{profile.Name}' does not cover the {scenario.Api.Name} API" },
            };
        }

        if (scenario.Client.Reconnects is { } reconnects) return Reconnecting(scenario, profile, reconnects);

        // Attempts: a client allowed N retries retries retryable statuses before the stream opens.
        var maxRetries = scenario.Client.MaxRetries ?? 0;
        var waits = new List<int?>();
        var attempt = 1;
        ResponsePlan plan;
        while (true)
        {
            plan = ScenarioCompiler.Compile(scenario, attempt);
            if (!RetryableStatuses.Contains(plan.Status) || attempt > maxRetries) break;
            waits.Add(RetryAfterMs(plan, time));
            attempt++;
        }

        if (plan.Status is < 200 or >= 300)
        {
            return Plain(scenario, profile, attempt, waits,
                ExpectedOutcome.Error($"attempt {attempt} answers HTTP {plan.Status}" + (attempt > 1 ? "" : RetryableStatuses.Contains(plan.Status) && maxRetries == 0 ? " and the case allows no retries" : ""), plan.Status, "http")
                    with { ErrorType = BodyErrorType(plan) });
        }

        var contentType = Header(plan, "Content-Type");
        var body = Decode(plan);
        if (contentType is not null && contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            // A 200 whose body is a JSON error, not a stream: an error, whichever layer reports it.
            return Plain(scenario, profile, attempt, waits,
                ExpectedOutcome.Error($"attempt {attempt} answers 200 with an application/json body instead of a stream", null, "http", "api", "parse")
                    with { ErrorType = BodyErrorType(plan) });
        }

        var variants = Variants(profile).Select(o => (Options: o, Result: Derive(scenario, profile, plan, body, o))).ToList();
        var chosen = variants[0].Result;
        var undefined = new Dictionary<string, string>();
        foreach (var (options, result) in variants.Skip(1))
        {
            var why = DifferenceReason(profile, variants[0].Options, options);
            if (!SameContent(chosen, result)) undefined.TryAdd(ContentAspect, why);
            // Compared without where each event starts: the events a client dispatches are the same.
            if (!chosen.Events.Select(e => e with { StartOffset = 0 }).SequenceEqual(result.Events.Select(e => e with { StartOffset = 0 }))) undefined.TryAdd(EventsAspect, why);
            if (chosen.Outcome.ToString() != result.Outcome.ToString()) undefined.TryAdd(OutcomeAspect, why);
        }
        if (chosen.Undefined is { } interp)
        {
            undefined.TryAdd(ContentAspect, interp);
            undefined.TryAdd(OutcomeAspect, interp);
        }
        var alternatives = contentType is null || !contentType.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase)
            ? new[] { "http", "parse", "other" }
            : [];
        var outcome = alternatives.Length > 0
            ? chosen.Outcome with { ErrorKinds = [.. chosen.Outcome.ErrorKinds, .. alternatives], Why = chosen.Outcome.Why + $"; the Content-Type is {(contentType is null ? "missing" : $"'{contentType}'")}, so a strict client may refuse the body" }
            : chosen.Outcome;

        var assembly = new Assembly(scenario.Api);
        foreach (var c in chosen.Chunks) assembly.Add(System.Text.Json.JsonDocument.Parse(c.Json).RootElement);
        return new Expectation
        {
            Profile = profile.Name,
            Outcome = outcome,
            Chunks = chosen.Chunks,
            Text = assembly.Text,
            ToolCalls = assembly.ToolCalls,
            Reasoning = assembly.Reasoning,
            FinishReason = assembly.FinishReason,
            Usage = assembly.Usage,
            Attempts = attempt,
            RetryWaitsMs = waits,
            Dropped = chosen.Dropped,
            Events = chosen.Events,
            Forms = chosen.Forms,
            Undefined = undefined,
        };
    }

    private sealed record Derived(IReadOnlyList<ExpectedChunk> Chunks, ExpectedOutcome Outcome, string? Undefined, IReadOnlyList<DroppedEvent> Dropped)
    {
        public IReadOnlyList<ExpectedEvent> Events { get; init; } = [];
        public IReadOnlyList<FormMark> Forms { get; init; } = [];
    }

    private static Derived Derive(Scenario scenario, Profile profile, ResponsePlan plan, byte[] body, SseParseOptions options)
    {
        var ending = plan.Ending.Kind;
        var endedCleanly = ending is EndKind.Clean or EndKind.HoldOpen;
        // Only a clean end lets a trailing event be flushed; a FIN/RST is a failure, not an end of stream.
        var parse = SseReferenceParser.Parse(body, endedCleanly ? options : options with { FlushTrailingEvent = false });
        var interp = StreamInterpretation.Interpret(parse.Events, scenario.Api, profile);
        var chunks = interp.Chunks;
        var events = parse.Events.Select(e => new ExpectedEvent(e.Type, e.Data, e.Id, e.CompleteAtOffset) { StartOffset = e.StartOffset }).ToList();
        var forms = WireForms.Mark(parse.Marks, chunks);
        // Blocks a WHATWG parser never dispatches, up to where the stream ends for a correct client.
        var end = interp.Termination is null ? int.MaxValue
            : interp.Dropped.FirstOrDefault(d => d.Kind == PhantomKinds.Terminator)?.CompleteAtOffset ?? (chunks.Count > 0 ? chunks[^1].CompleteAtOffset : 0);
        var blocks = parse.Undispatched.Where(b => b.CompleteAtOffset <= end)
            .Select(b => new DroppedEvent(b.OnlyComments ? PhantomKinds.Comment : PhantomKinds.NoData, "", b.CompleteAtOffset) { EventType = b.EventType, StartOffset = b.StartOffset });
        interp = interp with { Dropped = [.. interp.Dropped, .. blocks] };

        if (scenario.Client.CancelAfter is { } limit && chunks.Count >= limit)
        {
            return new Derived([.. chunks.Take(limit)], new ExpectedOutcome("cancelled", [], null, $"the client stops after {limit} chunks"), interp.Undefined,
                [.. interp.Dropped.Where(d => d.CompleteAtOffset <= chunks[limit - 1].CompleteAtOffset)]) { Events = events, Forms = forms };
        }

        ExpectedOutcome outcome = interp.Termination switch
        {
            "done" => new("done", [], null, scenario.Api.TerminatorWhy),
            "api-error" => ExpectedOutcome.Error("the stream carries an error event", null, "api") with { ErrorType = interp.ErrorType },
            _ => ending switch
            {
                EndKind.Clean or EndKind.HoldOpen => scenario.Api.OutcomeWithoutTerminator(ending) ?? new("eof", [], null, "the body ends cleanly without a terminator"),
                EndKind.Fin => ExpectedOutcome.Error("the connection is closed (FIN) in the middle of the body, before any terminator", null, "network"),
                EndKind.Reset => ExpectedOutcome.Error("the connection is reset (RST) before any terminator", null, "network"),
                EndKind.Stall when scenario.Client.IdleTimeoutMs is { } t => ExpectedOutcome.Error($"the server stops sending; the client's {t} ms idle timeout must fire", null, "timeout"),
                EndKind.Stall => ExpectedOutcome.Error("the server stops sending and later resets the connection", null, "timeout", "network"),
                _ => throw new InvalidOperationException($"unknown ending {ending}"),
            },
        };
        return new Derived(chunks, outcome, interp.Undefined, interp.Dropped) { Events = events, Forms = forms };
    }

    /// <summary>
    /// A client that reconnects by itself (WHATWG EventSource processing model): connection N gets responses[N-1]; each
    /// 200 <c>text/event-stream</c> body is interpreted on its own (an event cut by the end of its body is discarded:
    /// "Once the end of the file is reached, any pending data must be discarded"), its blank lines set the last event
    /// ID string the next request sends as Last-Event-ID, its <c>retry:</c> fields the wait before it; any other
    /// response fails the connection and ends the case. <para/>
    /// One point is read two ways: the standard says that "When a stream is parsed, … a last event ID buffer must be
    /// associated with it. They must be initialized to the empty string", so an event without <c>id:</c> on a new
    /// connection would reset the last event ID string; Chromium (and the SSE libraries) carry the last event ID into
    /// the new connection instead. Both readings are derived; where they differ (a reconnected stream dispatches before
    /// it sends an <c>id:</c>), the ids are undefined and their rules SKIPPED.
    /// </summary>
    private static Expectation Reconnecting(Scenario scenario, Profile profile, int reconnects)
    {
        var options = Variants(profile).First();
        var carried = Connections(scenario, options, reconnects, carryLastEventId: true);
        var letter = Connections(scenario, options, reconnects, carryLastEventId: false);
        var undefined = new Dictionary<string, string>();
        // Reconnection is the HTML standard's EventSource processing model: defined by the profiles read from it.
        if (!profile.Sources.Contains(RuleSource.Whatwg))
        {
            var why = $"profile '{profile.Name}' does not define reconnection (the WHATWG EventSource processing model); it is read from {string.Join(", ", profile.Sources)}";
            foreach (var aspect in new[] { ReconnectAspect, LastEventIdAspect, ReconnectEventsAspect, EventsAspect }) undefined[aspect] = why;
        }
        else
        {
            const string why = "the HTML standard initializes each stream's last event ID buffer to the empty string (\"They must be initialized to the empty string\"), while Chromium and the SSE libraries carry the last event ID into a new connection; this case dispatches an event on a reconnected stream before any id: field, so its ids depend on the reading";
            if (!carried.Select(c => c.LastEventId).SequenceEqual(letter.Select(c => c.LastEventId))) undefined[LastEventIdAspect] = why;
            if (!carried.SelectMany(c => c.Events).Select(e => e.Id ?? "").SequenceEqual(letter.SelectMany(c => c.Events).Select(e => e.Id ?? "")))
            {
                undefined[ReconnectEventsAspect] = why;
                undefined[EventsAspect] = why;
            }
        }
        var reconnection = new ExpectedReconnection { MaxReconnects = reconnects, Connections = carried };
        var last = carried[^1];
        var outcome = last.Fails is { } fails
            ? new ExpectedOutcome("eof", ["http", "network", "other"], null, $"attempt {last.Attempt} fails the connection ({fails}), so the client stops reconnecting")
            : new ExpectedOutcome("eof", last.Ending is EndKind.Clean or EndKind.HoldOpen ? [] : ["network"], null, $"the client stops after its {reconnects} reconnection(s), when attempt {last.Attempt}'s stream ends");
        return new Expectation
        {
            Profile = profile.Name,
            Outcome = outcome,
            Chunks = [],
            Text = "",
            Attempts = carried.Count,
            Events = reconnection.Events,
            Reconnection = reconnection,
            Undefined = undefined,
        };
    }

    private static List<ExpectedConnection> Connections(Scenario scenario, SseParseOptions options, int reconnects, bool carryLastEventId)
    {
        var connections = new List<ExpectedConnection>();
        var lastEventId = ""; // "A last event ID string. This must initially be the empty string."
        int? wait = null;     // "A reconnection time … initially … an implementation-defined value": not judged until retry: sets it
        for (var attempt = 1; attempt <= reconnects + 1; attempt++)
        {
            var plan = ScenarioCompiler.Compile(scenario, attempt);
            var connection = new ExpectedConnection
            {
                Attempt = attempt,
                // "If the EventSource object's last event ID string is not the empty string, then: … Set (`Last-Event-ID`, lastEventIDValue)"
                LastEventId = lastEventId.Length == 0 ? null : lastEventId,
                WaitMs = attempt == 1 ? null : wait,
                Status = plan.Status,
                Ending = plan.Ending.Kind,
                Fails = FailsTheConnection(plan),
            };
            if (connection.Fails is not null)
            {
                // "Once the user agent has failed the connection, it does not attempt to reconnect."
                connections.Add(connection);
                break;
            }
            var clean = plan.Ending.Kind is EndKind.Clean or EndKind.HoldOpen;
            var parse = SseReferenceParser.Parse(Decode(plan), clean ? options : options with { FlushTrailingEvent = false },
                carryLastEventId && lastEventId.Length > 0 ? lastEventId : null);
            connections.Add(connection with
            {
                Events = [.. parse.Events.Select(e => new ExpectedEvent(e.Type, e.Data, e.Id, e.CompleteAtOffset) { Attempt = attempt, StartOffset = e.StartOffset })],
            });
            if (parse.LastEventIdAtDispatch is { } id) lastEventId = id;
            if (parse.ReconnectionTimeMs is { } ms) wait = ms;
        }
        return connections;
    }

    /// <summary>
    /// Why a response fails the connection: "if res's status is not 200, or if res's `Content-Type` is not
    /// `text/event-stream`, then fail the connection" (the MIME type's essence; parameters such as charset do not count).
    /// </summary>
    internal static string? FailsTheConnection(ResponsePlan plan)
    {
        if (plan.Status != 200) return plan.Status == 204 ? "HTTP 204 No Content" : $"HTTP {plan.Status}, not 200";
        var type = Header(plan, "Content-Type");
        var essence = type?.Split(';')[0].Trim();
        if (!string.Equals(essence, "text/event-stream", StringComparison.OrdinalIgnoreCase))
            return type is null ? "no Content-Type" : $"Content-Type '{type}', not text/event-stream";
        return null;
    }

    /// <summary>The profile's own reading first, then every combination of the points it leaves open.</summary>
    private static IEnumerable<SseParseOptions> Variants(Profile p)
    {
        var crs = p.BareCrEndsLine is { } cr ? new[] { cr } : [true, false];
        var boms = p.SkipsLeadingBom is { } bom ? new[] { bom } : [true, false];
        var flushes = p.FlushesTrailingEvent is { } fl ? new[] { fl } : [false, true];
        foreach (var c in crs)
            foreach (var b in boms)
                foreach (var f in flushes)
                    yield return new SseParseOptions(c, b, f);
    }

    private static string DifferenceReason(Profile p, SseParseOptions a, SseParseOptions b)
    {
        var points = new List<string>();
        if (a.BareCrEndsLine != b.BareCrEndsLine) points.Add("whether a lone CR ends a line");
        if (a.SkipLeadingBom != b.SkipLeadingBom) points.Add("whether a leading BOM is skipped");
        if (a.FlushTrailingEvent != b.FlushTrailingEvent) points.Add("whether a final event without its blank line is dispatched");
        return $"profile '{p.Name}' does not say {string.Join(" or ", points)}, and this stream depends on it";
    }

    private static bool SameContent(Derived a, Derived b) =>
        a.Chunks.Count == b.Chunks.Count && a.Chunks.Zip(b.Chunks).All(p => p.First.Json == p.Second.Json);

    private static Expectation Plain(Scenario scenario, Profile profile, int attempts, List<int?> waits, ExpectedOutcome outcome) => new()
    {
        Profile = profile.Name,
        Outcome = outcome,
        Chunks = [],
        Text = "",
        Attempts = attempts,
        RetryWaitsMs = waits,
    };

    /// <summary>The <c>error.type</c> of a JSON error body (<see cref="ExpectedOutcome.ErrorTypeOf"/>), if the body is one.</summary>
    private static string? BodyErrorType(ResponsePlan plan) =>
        Header(plan, "Content-Type") is { } type && type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            ? ExpectedOutcome.ErrorTypeOf(System.Text.Encoding.UTF8.GetString(Decode(plan)))
            : null;

    internal static string? Header(ResponsePlan plan, string name) =>
        plan.Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>
    /// The least wait a correct client honours before retrying this response, or null when the server gave none:
    /// <c>retry-after-ms</c> first (milliseconds; OpenAI's SDKs read it before Retry-After: openai-node
    /// src/client.ts "Note the `retry-after-ms` header may not be standard, but is a good idea and we'd like
    /// proactive support for it."), then Retry-After as delta-seconds or an HTTP-date (a date in the past means
    /// "now"). A date computed when the response is sent (<c>{"httpDateInSeconds": N}</c>) is N seconds from the
    /// client's point of view, whenever the case runs: the wait is the seconds, not a wall-clock date.
    /// </summary>
    public static int? RetryAfterMs(ResponsePlan plan, TimeProvider time)
    {
        if (Header(plan, "retry-after-ms") is { } ms
            && double.TryParse(ms.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var millis))
            return (int)Math.Ceiling(millis);
        if (plan.DatedHeaders.FirstOrDefault(h => h.Name.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)) is { } dated)
            return dated.InSeconds * 1000;
        var value = Header(plan, "Retry-After");
        if (value is null) return null;
        if (int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return seconds * 1000;
        if (DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            return (int)Math.Max(0, (date - time.GetUtcNow()).TotalMilliseconds);
        return null;
    }

    private static byte[] Decode(ResponsePlan plan)
    {
        var body = plan.Body();
        if (!string.Equals(Header(plan, "Content-Encoding"), "gzip", StringComparison.OrdinalIgnoreCase)) return body;
        using var gz = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        var output = new MemoryStream();
        try { gz.CopyTo(output); }
        catch (InvalidDataException) { } // a cut gzip stream (fin/reset) decodes as far as it goes
        catch (EndOfStreamException) { }
        return output.ToArray();
    }
}
