using Conformance.Core.Dialects;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Core.Scenarios;

namespace Conformance.Core.Exploring;

/// <summary>
/// Writes a plan as a scenario file that replays it byte for byte: the original file with a new id, title
/// and description, the explored stream's transport set to <c>split: offsets</c> at the plan's exact cuts
/// with an explicit <c>lineEnding</c>, and only the kept events. The events stay as they are written in the
/// original (with the chunk ids and model the original's id produced pinned, since they derive from the id)
/// when the plan keeps whole steps and one transport setting writes its endings; otherwise each event
/// becomes a <c>raw</c> step of its exact bytes. Either way the result is parsed and compiled again and
/// must equal the plan's scenario attempt by attempt, write by write; it is never written otherwise.
/// </summary>
public static class ScenarioWriter
{
    private static readonly JsonDocumentOptions ReadOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The file's text, which form it took ("steps" or "raw"), and the scenario it parses to.</summary>
    public sealed record Output(string Json, string Form, Scenario Scenario);

    /// <param name="sourceJson">The original scenario's file text (comments and trailing commas allowed).</param>
    public static Output Write(PlanSpace space, WritePlan plan, string sourceJson, string id, string title, string description)
    {
        var expected = space.ToScenario(plan, id) with { Title = title, Description = description };
        var root = JsonNode.Parse(sourceJson, documentOptions: ReadOptions) as JsonObject
                   ?? throw new ArgumentException("the source scenario is not a JSON object", nameof(sourceJson));
        var file = $"{space.Scenario.Family}/{id}.json";
        string? readableError = null;
        if (Readable(space, plan, Header((JsonObject)root.DeepClone(), id, title, description)) is { } readable)
        {
            var json = readable.ToJsonString(WriteOptions) + "\n";
            (var parsed, readableError) = Verify(json, file, expected);
            if (parsed is not null) return new Output(json, "steps", parsed);
        }
        var rawJson = Raw(space, plan, Header((JsonObject)root.DeepClone(), id, title, description)).ToJsonString(WriteOptions) + "\n";
        var (rawParsed, error) = Verify(rawJson, file, expected);
        return rawParsed is not null
            ? new Output(rawJson, "raw", rawParsed)
            : throw new InvalidOperationException($"{file}: the written scenario does not replay the plan: {error}" + (readableError is null ? "" : $" (steps form: {readableError})"));
    }

    private static JsonObject Header(JsonObject root, string id, string title, string description)
    {
        root["id"] = id;
        root["title"] = title;
        root["description"] = description;
        return root;
    }

    private static JsonObject? Readable(PlanSpace space, WritePlan plan, JsonObject root)
    {
        if (space.KeptSteps(plan) is not { } steps || space.UniformEnding(plan) is not { } ending) return null;
        if (root["responses"] is not JsonArray responses || responses.Count != space.Scenario.Responses.Count) return null;
        var hash = StreamBodyBuilder.StableHash(space.Scenario.Id);
        for (var i = 0; i < responses.Count; i++)
        {
            if (responses[i] is not JsonObject response || response["stream"] is not JsonObject stream) continue;
            if (stream["events"] is not JsonArray events) return null;
            var model = space.Scenario.Responses[i].Stream?.Model ?? space.Scenario.Id;
            var kept = i == space.ResponseIndex ? [.. steps.Select(s => events[s]!.DeepClone())] : events.Select(e => e!.DeepClone()).ToList();
            foreach (var step in kept) Pin(step, hash, space.Scenario.Api);
            var transport = stream["transport"]?.DeepClone() as JsonObject ?? [];
            if (i == space.ResponseIndex) Transport(space, plan, transport, ending);
            response["stream"] = Stream(stream, model, kept, transport);
        }
        return root;
    }

    private static JsonObject Raw(PlanSpace space, WritePlan plan, JsonObject root)
    {
        var responses = (JsonArray)root["responses"]!;
        for (var i = 0; i < responses.Count; i++)
        {
            if (responses[i] is not JsonObject response || response["stream"] is not JsonObject stream) continue;
            var spec = space.Scenario.Responses[i].Stream!;
            var raw = i == space.ResponseIndex ? space.ToScenario(plan, space.Scenario.Id).Responses[i].Stream! : PlanSpace.RawCopy(space.Scenario, spec);
            var events = raw.Events.Cast<Scenarios.Steps.RawStep>().Select(e =>
            {
                var step = new JsonObject { ["raw"] = e.Text };
                if (e.DelayMs is { } delay) step["delayMs"] = delay;
                return (JsonNode)step;
            }).ToList();
            var transport = stream["transport"]?.DeepClone() as JsonObject ?? [];
            if (i == space.ResponseIndex) Transport(space, plan, transport, space.UniformEnding(plan) ?? spec.Transport.LineEnding);
            response["stream"] = Stream(stream, stream["model"]?.GetValue<string>(), events, transport);
        }
        return root;
    }

    private static JsonObject Stream(JsonObject original, string? model, IEnumerable<JsonNode> events, JsonObject transport)
    {
        var stream = new JsonObject();
        if (model is not null) stream["model"] = model;
        stream["events"] = new JsonArray([.. events]);
        stream["transport"] = transport;
        foreach (var (key, value) in original)
            if (key is not ("model" or "events" or "transport")) stream[key] = value?.DeepClone();
        return stream;
    }

    private static void Transport(PlanSpace space, WritePlan plan, JsonObject transport, LineEnding ending)
    {
        transport["lineEnding"] = ScenarioParser.LineEndingNames.First(n => n.Item2 == ending).Item1;
        transport["split"] = new JsonObject { ["mode"] = "offsets", ["at"] = new JsonArray([.. space.OffsetsOf(plan).Select(o => (JsonNode)o)]) };
        transport["delayMs"] = space.DelayMs;
    }

    /// <summary>Fixes what the compiler would derive from the scenario id (chunk and message ids) to the original's values.</summary>
    private static void Pin(JsonNode? step, string hash, IDialect dialect)
    {
        if (step is not JsonObject o) return;
        if (o["repeat"] is JsonObject repeat) { Pin(repeat["step"], hash, dialect); return; }
        dialect.PinIds(o, hash);
    }

    /// <summary>Parses the file and compares every attempt's compiled response with the plan's, write by write.</summary>
    public static (Scenario? Scenario, string? Error) Verify(string json, string file, Scenario expected)
    {
        var (parsed, errors) = ScenarioParser.Parse(json, file);
        if (parsed is null) return (null, string.Join("; ", errors));
        if (parsed.Id != expected.Id) return (null, $"id '{parsed.Id}' instead of '{expected.Id}'");
        for (var attempt = 1; attempt <= Math.Max(1, expected.Responses.Count); attempt++)
        {
            var a = ScenarioCompiler.Compile(parsed, attempt);
            var b = ScenarioCompiler.Compile(expected, attempt);
            if (a.Status != b.Status || a.Reason != b.Reason || a.Framing != b.Framing || a.Ending != b.Ending || !a.Headers.SequenceEqual(b.Headers))
                return (null, $"attempt {attempt}: status, headers, framing or ending differ");
            if (a.Writes.Count != b.Writes.Count) return (null, $"attempt {attempt}: {a.Writes.Count} writes instead of {b.Writes.Count}");
            for (var w = 0; w < a.Writes.Count; w++)
                if (a.Writes[w].DelayMs != b.Writes[w].DelayMs || !a.Writes[w].Bytes.Span.SequenceEqual(b.Writes[w].Bytes.Span))
                    return (null, $"attempt {attempt}: write #{w + 1} differs");
        }
        return (parsed, null);
    }
}
