using Conformance.Core.Dialects;
using System.Text;
using System.Text.Json;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Lint.Checks;
using Conformance.Lint.Sse;
using static Conformance.Lint.Checks.LintVerdicts;
using R = Conformance.Lint.Rules.ServerRules;

namespace Conformance.Lint.Dialects;

/// <summary>
/// anthropic-messages: POST /messages, named events (<c>event:</c> equals the data's <c>type</c>) in the documented
/// order, <c>message_stop</c> last, errors as <c>{"type":"error","error":{"type","message"}}</c>.
/// </summary>
public sealed class AnthropicMessagesLint : ILintDialect
{
    public IDialect Api => DialectCatalog.AnthropicMessages;

    public string DefaultBody(string model) => JsonSerializer.Serialize(new
    {
        model,
        max_tokens = 32,
        stream = true,
        messages = new[] { new { role = "user", content = "Say hello in five words." } },
    });

    public IReadOnlyList<KeyValuePair<string, string>> Headers(string? key) =>
        key is null ? [new("anthropic-version", "2023-06-01")] : [new("x-api-key", key), new("anthropic-version", "2023-06-01")];

    public IReadOnlyList<string> StreamRules => [R.AnthropicDataJson, R.AnthropicEventOrder, R.AnthropicMessageStop, R.AnthropicErrorShape];

    public string ErrorShapeRule => R.AnthropicErrorShape;

    public SseEvent? Terminator(SseScan scan) => scan.DataEvents.LastOrDefault(e => e.Event == "message_stop");

    public string ErrorEvent(string eol) =>
        "event: error" + eol + "data: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"injected by conformance record --mutate inject-error\"}}" + eol + eol;

    public IReadOnlyList<string> RecordingRules => ["llm.content.exact", "llm.anthropic.message-stop"];

    public IReadOnlyList<string> DropTerminatorRules => ["llm.content.exact"];

    public IReadOnlyList<string> InjectErrorRules => ["llm.content.exact", "llm.anthropic.error-event"];

    private sealed record Named(SseEvent Event, string? Type, JsonElement? Json);

    public IReadOnlyList<RuleVerdict> CheckStream(StreamFacts f)
    {
        var events = f.Scan.Events.Where(e => e.Data is not null || e.Event is not null)
            .Select(e => new Named(e, e.Event, e.Data is null ? null : LintJson.Object(e.Data))).ToList();
        var error = events.FirstOrDefault(e => e.Type == "error");
        return
        [
            DataJson(f, events),
            Order(f, events),
            MessageStop(f, events),
            error is null ? Skip(R.AnthropicErrorShape, "the stream carries no error event") : ErrorShape(f, error.Event.Data ?? "", $"event: error at {error.Event.Range}"),
        ];
    }

    public RuleVerdict CheckErrorBody(StreamFacts f) => ErrorShape(f, Encoding.UTF8.GetString(f.Body), $"the {f.Capture.Status} response body");

    private static RuleVerdict DataJson(StreamFacts f, List<Named> events)
    {
        foreach (var e in events)
        {
            var type = e.Json is { } j && j.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (e.Type is null || e.Json is null || type != e.Type)
                return Miss(R.AnthropicDataJson,
                    e.Type is null ? $"event #{e.Event.Index + 1} at {e.Event.Range} has no event: name{f.OffsetNote}"
                    : e.Json is null ? $"event: {e.Type} at {e.Event.Range} has {(e.Event.Data is null ? "no data" : $"data that is not a JSON object: \"{Show(e.Event.Data)}\"")}{f.OffsetNote}"
                    : $"event: {e.Type} at {e.Event.Range} carries data of type {(type is null ? "(none)" : $"\"{type}\"")}{f.OffsetNote}",
                    "event name = data.type", Show(e.Event.Data ?? "(no data)"), e.Event.Range);
        }
        return events.Count == 0 ? Miss(R.AnthropicDataJson, "the stream carries no event", "events", "none") : Pass(R.AnthropicDataJson, $"all {events.Count} events are named and carry JSON of the matching type");
    }

    private static RuleVerdict Order(StreamFacts f, List<Named> events)
    {
        var open = new HashSet<int>();
        var started = false;
        var deltaSeen = false;
        foreach (var e in events)
        {
            var index = e.Json is { } j && j.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : (int?)null;
            string? problem = e.Type switch
            {
                "ping" => null,
                "error" => null,
                "message_start" when started => "a second message_start",
                "message_start" => null,
                _ when !started => $"{e.Type} before message_start",
                "content_block_start" when index is null => "content_block_start without an index",
                "content_block_start" when open.Contains(index!.Value) => $"content_block_start for block {index}, which is already open",
                "content_block_start" when deltaSeen => $"content_block_start for block {index} after message_delta",
                "content_block_delta" or "content_block_stop" when index is null || !open.Contains(index.Value) => $"{e.Type} for block {index?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(no index)"}, which is not open",
                "message_delta" when open.Count > 0 => $"message_delta while block {string.Join(", ", open)} is still open",
                "message_stop" when !deltaSeen => "message_stop without a message_delta before it",
                "message_stop" when open.Count > 0 => $"message_stop while block {string.Join(", ", open)} is still open",
                _ => null,
            };
            if (problem is not null)
                return Miss(R.AnthropicEventOrder, $"{problem}, at {e.Event.Range}{f.OffsetNote}", "message_start, blocks (start, deltas, stop), message_delta, message_stop", e.Type, e.Event.Range);
            switch (e.Type)
            {
                case "message_start": started = true; break;
                case "content_block_start": open.Add(index!.Value); break;
                case "content_block_stop": open.Remove(index!.Value); break;
                case "message_delta": deltaSeen = true; break;
                case "error": return Pass(R.AnthropicEventOrder, $"the events are in order up to event: error at {e.Event.Range}");
            }
        }
        return started ? Pass(R.AnthropicEventOrder, $"{events.Count} events in the documented order") : Miss(R.AnthropicEventOrder, "the stream has no message_start", "message_start first", "none");
    }

    private static RuleVerdict MessageStop(StreamFacts f, List<Named> events)
    {
        var stop = events.LastOrDefault(e => e.Type == "message_stop");
        if (stop is null)
        {
            var last = events.LastOrDefault();
            return Miss(R.AnthropicMessageStop, $"the stream ends without event: message_stop ({f.Capture.Ended} after {f.Body.Length} bytes{(last is null ? "" : $"; the last event is {last.Type} at {last.Event.Range}{(last.Type == "error" ? ": " + Show(last.Event.Data ?? "") : "")}")}){f.OffsetNote}",
                "message_stop", last?.Type ?? "none", last is null ? null : $"bytes {last.Event.End}– (end of body)");
        }
        var after = f.Scan.Events.FirstOrDefault(e => e.Start >= stop.Event.End);
        return after is null
            ? Pass(R.AnthropicMessageStop, $"event: message_stop at {stop.Event.Range} ends the stream")
            : Miss(R.AnthropicMessageStop, $"event #{after.Index + 1} at {after.Range} follows message_stop{f.OffsetNote}", "end of body", after.Event ?? after.Data ?? "", after.Range);
    }

    private static RuleVerdict ErrorShape(StreamFacts f, string text, string where)
    {
        var j = LintJson.Object(text);
        var ok = j is { } o && o.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "error"
                 && o.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.Object
                 && err.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                 && err.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String;
        return ok
            ? Pass(R.AnthropicErrorShape, $"{where} is {{\"type\":\"error\",\"error\":{{\"type\",\"message\"}}}}")
            : Miss(R.AnthropicErrorShape, $"{where} is not {{\"type\":\"error\",\"error\":{{\"type\":string,\"message\":string}}}}: {Show(text)}{f.OffsetNote}", "{\"type\":\"error\",\"error\":{…}}", Show(text), where);
    }
}
