using System.Globalization;
using System.Text;
using System.Text.Json;
using Conformance.Core.Dialects;
using Conformance.Core.Scoring;
using Conformance.Lint.Checks;
using Conformance.Lint.Sse;
using static Conformance.Lint.Checks.LintVerdicts;
using R = Conformance.Lint.Rules.ServerRules;

namespace Conformance.Lint.Dialects;

/// <summary>
/// openai-responses: POST /responses, typed events (<c>event:</c> equals the data's <c>type</c>) numbered by
/// <c>sequence_number</c>, one terminal event last (completed, incomplete, failed, or an error), then an optional
/// <c>data: [DONE]</c> (the Open Responses specification sends one, OpenAI's API none).
/// </summary>
public sealed class OpenAiResponsesLint : ILintDialect
{
    /// <summary>The response's own end states: what drop-terminator removes.</summary>
    private static readonly HashSet<string> ResponseEnds = ["response.completed", "response.incomplete", "response.failed"];

    /// <summary>What may end a stream: a response end state, or an error event.</summary>
    private static readonly HashSet<string> TerminalTypes = [.. ResponseEnds, "error"];

    public IDialect Api => DialectCatalog.OpenAiResponses;

    public string DefaultBody(string model) => JsonSerializer.Serialize(new
    {
        model,
        stream = true,
        max_output_tokens = 32,
        input = "Say hello in five words.",
    });

    public IReadOnlyList<KeyValuePair<string, string>> Headers(string? key) => key is null ? [] : [new("Authorization", "Bearer " + key)];

    public IReadOnlyList<string> StreamRules => [R.ResponsesEventType, R.ResponsesSequence, R.ResponsesTerminal, R.ResponsesDoneAgrees, R.ResponsesErrorShape];

    public string ErrorShapeRule => R.ResponsesErrorShape;

    /// <summary>The last terminal event (what drop-terminator removes; an inserted error goes before it).</summary>
    public SseEvent? Terminator(SseScan scan) =>
        scan.DataEvents.LastOrDefault(e => e.Data != "[DONE]" && TypeOf(LintJson.Object(e.Data!)) is { } t && ResponseEnds.Contains(t));

    public string ErrorEvent(string eol) =>
        "event: error" + eol + "data: {\"type\":\"error\",\"code\":\"server_error\",\"message\":\"injected by conformance record --mutate inject-error\",\"param\":null}" + eol + eol;

    public IReadOnlyList<string> RecordingRules => ["llm.responses.text-from-deltas", "llm.responses.terminal-event"];

    public IReadOnlyList<string> DropTerminatorRules => ["llm.responses.terminal-event"];

    public IReadOnlyList<string> InjectErrorRules => ["llm.responses.error-event-flat"];

    /// <summary>One event with data, as parsed (<see cref="Json"/> null when the data is not a JSON object).</summary>
    private sealed record Typed(SseEvent Event, JsonElement? Json)
    {
        public string? Type => TypeOf(Json);
    }

    private static string? TypeOf(JsonElement? j) => j is { } o && o.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;

    private static string? Str(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public IReadOnlyList<RuleVerdict> CheckStream(StreamFacts f)
    {
        var data = f.Scan.DataEvents.ToList();
        // A data: [DONE] after the terminal event is allowed (server.responses.terminal-event judges where it stands).
        var events = data.Where(e => e.Data != "[DONE]").Select(e => new Typed(e, LintJson.Object(e.Data!))).ToList();
        var error = events.FirstOrDefault(e => e.Type == "error");
        return
        [
            EventType(f, events),
            Sequence(f, events),
            Terminal(f, data, events),
            DoneAgrees(f, events),
            error is null ? Skip(R.ResponsesErrorShape, "the stream carries no error event") : ErrorEventShape(f, error),
        ];
    }

    public RuleVerdict CheckErrorBody(StreamFacts f)
    {
        var text = Encoding.UTF8.GetString(f.Body);
        var ok = LintJson.Object(text) is { } o && o.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.Object && Str(err, "message") is not null;
        var where = $"the {f.Capture.Status} response body";
        return ok
            ? Pass(R.ResponsesErrorShape, $"{where} is {{\"error\":{{\"message\",…}}}}")
            : Miss(R.ResponsesErrorShape, $"{where} is not {{\"error\":{{\"message\":string,…}}}}: {Show(text)}{f.OffsetNote}", "{\"error\":{\"message\":…}}", Show(text), where);
    }

    private static RuleVerdict EventType(StreamFacts f, List<Typed> events)
    {
        foreach (var e in events)
        {
            if (e.Json is null)
                return Miss(R.ResponsesEventType, $"event #{e.Event.Index + 1} at {e.Event.Range} has data that is not a JSON object: \"{Show(e.Event.Data!)}\"{f.OffsetNote}",
                    "a JSON object", Show(e.Event.Data!), e.Event.Range);
            if (e.Type is null)
                return Miss(R.ResponsesEventType, $"event #{e.Event.Index + 1} at {e.Event.Range} carries no type{f.OffsetNote}", "data.type", "none", e.Event.Range);
            if (e.Event.Event != e.Type)
                return Miss(R.ResponsesEventType,
                    e.Event.Event is null
                        ? $"event #{e.Event.Index + 1} at {e.Event.Range} ({e.Type}) has no event: line{f.OffsetNote}"
                        : $"event: {e.Event.Event} at {e.Event.Range} carries data of type \"{e.Type}\"{f.OffsetNote}",
                    $"event: {e.Type}", e.Event.Event ?? "(no event: line)", e.Event.Range);
        }
        return events.Count == 0
            ? Miss(R.ResponsesEventType, "the stream carries no event", "typed events", "none")
            : Pass(R.ResponsesEventType, $"all {events.Count} events are named after their data's type");
    }

    private static RuleVerdict Sequence(StreamFacts f, List<Typed> events)
    {
        var typed = events.Where(e => e.Json is not null).ToList();
        if (typed.Count == 0) return Skip(R.ResponsesSequence, "the stream carries no JSON event");
        long? last = null;
        SseEvent? lastAt = null;
        var gaps = new List<string>();
        foreach (var e in typed)
        {
            var n = e.Json!.Value.TryGetProperty("sequence_number", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var v) ? v : (long?)null;
            if (n is null)
                return Miss(R.ResponsesSequence, $"{e.Type ?? "an event"} at {e.Event.Range} has no integer sequence_number{f.OffsetNote}", "sequence_number", "absent", e.Event.Range);
            if (last is { } p && n <= p)
                return Miss(R.ResponsesSequence,
                    $"{e.Type} at {e.Event.Range} has sequence_number {n}, {(n == p ? "the same as" : "lower than")} the {p} of the event at {lastAt!.Range}{f.OffsetNote}",
                    $"> {p}", n.Value.ToString(CultureInfo.InvariantCulture), e.Event.Range);
            if (last is { } q && n > q + 1) gaps.Add($"{q}→{n} at {e.Event.Range}");
            last = n;
            lastAt = e.Event;
        }
        var first = typed[0].Json!.Value.GetProperty("sequence_number").GetInt64();
        return Pass(R.ResponsesSequence, $"sequence_number rises from {first} to {last} over {typed.Count} events{(gaps.Count == 0 ? "" : $" (gaps: {string.Join(", ", gaps.Take(3))})")}");
    }

    private static RuleVerdict Terminal(StreamFacts f, List<SseEvent> data, List<Typed> events)
    {
        var terminal = events.FirstOrDefault(e => e.Type is { } t && TerminalTypes.Contains(t));
        if (terminal is null)
        {
            var tail = events.LastOrDefault();
            return Miss(R.ResponsesTerminal,
                $"the stream ends without a terminal event ({f.Capture.Ended} after {f.Body.Length} bytes{(tail is null ? "" : $"; the last event is {tail.Type ?? "untyped"} at {tail.Event.Range}")}){f.OffsetNote}",
                "response.completed, response.incomplete, response.failed or error", tail?.Type ?? "none", tail is null ? null : $"bytes {tail.Event.End}– (end of body)");
        }
        // An error event may be followed by response.failed (OpenAI sends both); anything else after the terminal event is a claim.
        var end = terminal.Type == "error" && events.SkipWhile(e => e != terminal).Skip(1).FirstOrDefault() is { Type: "response.failed" } failed ? failed : terminal;
        var after = data.SkipWhile(e => e != end.Event).Skip(1).ToList();
        var extra = after.FirstOrDefault(e => e.Data != "[DONE]") ?? after.Skip(1).FirstOrDefault();
        if (extra is not null)
            return Miss(R.ResponsesTerminal, $"event #{extra.Index + 1} at {extra.Range} follows the terminal {end.Type} at {end.Event.Range}: \"{Show(extra.Data!)}\"{f.OffsetNote}",
                "end of body (or one data: [DONE])", Show(extra.Data!), extra.Range);
        return Pass(R.ResponsesTerminal, $"{end.Type} at {end.Event.Range} ends the stream{(after.Count == 1 ? $", then data: [DONE] at {after[0].Range}" : "")}");
    }

    private static RuleVerdict DoneAgrees(StreamFacts f, List<Typed> events)
    {
        var text = new Dictionary<string, StringBuilder>();
        var args = new Dictionary<string, StringBuilder>();
        var checkedCount = 0;
        foreach (var e in events.Where(e => e.Json is not null))
        {
            var o = e.Json!.Value;
            var item = Str(o, "item_id") ?? "";
            var part = o.TryGetProperty("content_index", out var ci) && ci.TryGetInt32(out var c) ? c : 0;
            var key = $"{item}#{part}";
            switch (e.Type)
            {
                case "response.output_text.delta":
                    (text.TryGetValue(key, out var sb) ? sb : text[key] = new StringBuilder()).Append(Str(o, "delta"));
                    break;
                case "response.function_call_arguments.delta":
                    (args.TryGetValue(item, out var ab) ? ab : args[item] = new StringBuilder()).Append(Str(o, "delta"));
                    break;
                case "response.output_text.done" or "response.function_call_arguments.done":
                {
                    checkedCount++;
                    var isText = e.Type == "response.output_text.done";
                    var (field, what) = isText ? ("text", $"item {item}, part {part}") : ("arguments", $"item {item}");
                    var want = (isText ? text : args).TryGetValue(isText ? key : item, out var s) ? s.ToString() : "";
                    var got = Str(o, field);
                    if (got != want)
                        return Miss(R.ResponsesDoneAgrees, $"{e.Type} at {e.Event.Range} ({what}) says \"{Show(got ?? $"(no {field})")}\", but its deltas say \"{Show(want)}\"{f.OffsetNote}",
                            Show(want), Show(got ?? $"(no {field})"), e.Event.Range);
                    break;
                }
            }
        }
        return checkedCount == 0
            ? Skip(R.ResponsesDoneAgrees, "the stream carries no output_text.done or function_call_arguments.done")
            : Pass(R.ResponsesDoneAgrees, $"all {checkedCount} .done event(s) repeat their deltas");
    }

    private static RuleVerdict ErrorEventShape(StreamFacts f, Typed e)
    {
        var o = e.Json!.Value;
        var flat = Str(o, "message") is not null;
        var nested = o.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.Object && Str(err, "message") is not null;
        return flat || nested
            ? Pass(R.ResponsesErrorShape, $"event: error at {e.Event.Range} is {(flat ? "{type, code, message, …}" : "{type, error: {message, …}}")}")
            : Miss(R.ResponsesErrorShape, $"event: error at {e.Event.Range} has no message (flat or nested): {Show(e.Event.Data!)}{f.OffsetNote}",
                "{\"type\":\"error\",\"message\":…} or {\"type\":\"error\",\"error\":{\"message\":…}}", Show(e.Event.Data!), e.Event.Range);
    }
}
