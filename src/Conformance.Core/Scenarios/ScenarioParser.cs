using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Conformance.Core.Dialects;
using Conformance.Core.Scenarios.Steps;
using Conformance.Core.Text;
using Conformance.Core.Wire;

namespace Conformance.Core.Scenarios;

/// <summary>
/// The one strict entry point for scenario files. Walks the JSON tree and collects every error with
/// its path instead of stopping at the first (a deserializer would throw on the first problem).
/// </summary>
public static partial class ScenarioParser
{
    private static readonly ConcurrentDictionary<string, byte> Accepted = new(StringComparer.Ordinal);

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        // Hand-written files: comments and trailing commas are friendly, duplicate keys are not.
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        AllowDuplicateProperties = false,
    };

    /// <summary>The step kinds every dialect accepts; the dialects add their own (<see cref="IDialect.StepKinds"/>).</summary>
    private static readonly string[] GenericKinds = ["comment", "sse", "raw", "bytes", "generate", "repeat"];

    internal static readonly (string, BodyFraming)[] FramingNames =
        [("chunked", BodyFraming.Chunked), ("content-length", BodyFraming.ContentLength), ("close-delimited", BodyFraming.CloseDelimited)];

    internal static readonly (string, LineEnding)[] LineEndingNames =
        [("lf", LineEnding.Lf), ("crlf", LineEnding.CrLf), ("cr", LineEnding.Cr), ("mixed", LineEnding.Mixed)];

    internal static readonly (string, SplitMode)[] SplitNames =
    [
        ("per-event", SplitMode.PerEvent), ("single", SplitMode.Single), ("every", SplitMode.Every),
        ("offsets", SplitMode.Offsets), ("inside-multibyte", SplitMode.InsideMultiByte),
        ("random", SplitMode.Random), ("between-cr-lf", SplitMode.BetweenCrLf),
    ];

    internal static readonly (string, EndKind)[] EndNames =
        [("clean", EndKind.Clean), ("hold-open", EndKind.HoldOpen), ("fin", EndKind.Fin), ("reset", EndKind.Reset), ("stall", EndKind.Stall)];

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[a-z0-9]+(\.[a-z0-9-]+)+$")]
    private static partial Regex RulePattern();

    [GeneratedRegex(@"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")]
    private static partial Regex HeaderNamePattern();

    /// <summary>Every property name the parser has been asked about (feeds the schema drift test).</summary>
    internal static IReadOnlyCollection<string> AcceptedPropertyNames => Accepted.Keys.ToArray();

    internal static void RecordAccepted(string name) => Accepted.TryAdd(name, 0);

    /// <summary>
    /// Parses and validates one scenario file, then compiles its every attempt for the checks that need the body
    /// (<see cref="CompileChecks"/>). Returns the scenario only when there are no errors.
    /// </summary>
    public static (Scenario? Scenario, IReadOnlyList<ScenarioError> Errors) Parse(string json, string file)
    {
        var context = new ParseContext(file);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: DocumentOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1}" : "";
            context.Error("$", $"malformed JSON{where}: {FirstSentence(ex.Message)}");
            return (null, context.Errors);
        }
        if (root is not JsonObject rootObject)
        {
            context.Error("$", $"expected an object, found {JsonPaths.Describe(root)}");
            return (null, context.Errors);
        }
        var scenario = ParseScenario(new ObjectReader(rootObject, "$", context));
        if (scenario is not null && context.Compilable) CompileChecks.Run(scenario, context);
        return context.Errors.Count == 0 ? (scenario, []) : (null, context.Errors);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static Scenario? ParseScenario(ObjectReader r)
    {
        r.String("$schema");
        var id = r.String("id", required: true);
        if (id is not null && !IdPattern().IsMatch(id))
            r.Error("id", $"'{id}' is not a dotted id (lower-case segments like 'framing.crlf.split-between-cr-and-lf')");
        var title = r.String("title", required: true);
        var description = r.String("description", required: true);
        var rules = new List<string>();
        if (r.Array("rules", required: true) is { } ruleArray)
        {
            for (var i = 0; i < ruleArray.Count; i++)
            {
                var path = JsonPaths.Index(r.PathOf("rules"), i);
                var node = ruleArray[i];
                if (node?.GetValueKind() != JsonValueKind.String) { r.Context.Error(path, $"expected a string, found {JsonPaths.Describe(node)}"); continue; }
                var rule = node.GetValue<string>();
                if (!RulePattern().IsMatch(rule)) r.Context.Error(path, $"'{rule}' is not a dotted rule id (^[a-z0-9]+(\\.[a-z0-9-]+)+$)");
                rules.Add(rule);
            }
        }
        var apiName = r.String("api", required: true);
        var api = apiName is null ? null : DialectCatalog.Find(apiName);
        if (apiName is not null && api is null)
            r.Error("api", $"unknown value '{apiName}'; expected one of {string.Join(", ", DialectCatalog.Names)}");
        r.Context.Api = api;
        var client = r.Obj("client") is { } c ? ParseClient(new ObjectReader(c, r.PathOf("client"), r.Context)) : ClientSettings.None;
        var responses = new List<ResponseSpec>();
        if (r.Array("responses", required: true) is { } responseArray)
        {
            if (responseArray.Count == 0) r.Error("responses", "needs at least one response");
            for (var i = 0; i < responseArray.Count; i++)
            {
                var path = JsonPaths.Index(r.PathOf("responses"), i);
                if (responseArray[i] is JsonObject o) { if (ParseResponse(new ObjectReader(o, path, r.Context)) is { } spec) responses.Add(spec); }
                else r.Context.Error(path, $"expected an object, found {JsonPaths.Describe(responseArray[i])}");
            }
        }
        r.Finish();
        if (id is null || title is null || description is null || api is null) return null;
        return new Scenario
        {
            Id = id, Title = title, Description = description, Rules = rules, Api = api,
            Family = id.Split('.')[0], Responses = responses, Client = client,
        };
    }

    private static ClientSettings ParseClient(ObjectReader r)
    {
        var settings = new ClientSettings
        {
            CancelAfter = r.Int("cancelAfter", min: 0),
            IdleTimeoutMs = r.Int("idleTimeoutMs", min: 1),
            MaxRetries = r.Int("maxRetries", min: 0),
            TotalTimeoutMs = r.Int("totalTimeoutMs", min: 1),
            Reconnects = r.Int("reconnects", min: 1, max: 20),
        };
        // A reconnecting client is judged connection by connection (ExpectationBuilder): retries of a failed request
        // and a cancel in the middle would make the connections' expectations depend on each other's timing.
        if (settings.Reconnects is not null && settings.MaxRetries is not null) r.Error("reconnects", "'reconnects' and 'maxRetries' exclude each other: a reconnecting client's later requests are reconnections, not retries");
        if (settings.Reconnects is not null && settings.CancelAfter is not null) r.Error("reconnects", "'reconnects' and 'cancelAfter' exclude each other");
        r.Finish();
        return settings;
    }

    private static ResponseSpec? ParseResponse(ObjectReader r)
    {
        var status = r.Int("status", min: 100, max: 599) ?? 200;
        var reason = r.String("reason");
        var headers = new List<KeyValuePair<string, string?>>();
        var datedHeaders = new List<DatedHeader>();
        if (r.Obj("headers") is { } headerObject)
        {
            foreach (var (name, value) in headerObject)
            {
                var path = JsonPaths.Property(r.PathOf("headers"), name);
                if (!HeaderNamePattern().IsMatch(name)) r.Context.Error(path, $"'{name}' is not a valid header name");
                if (value is null) headers.Add(new(name, null));
                else if (value.GetValueKind() == JsonValueKind.String) headers.Add(new(name, value.GetValue<string>()));
                else if (value.GetValueKind() == JsonValueKind.Number) headers.Add(new(name, value.ToJsonString()));
                else if (value is JsonObject computed)
                {
                    // {"httpDateInSeconds": N}: an HTTP-date N seconds after the moment the head is sent.
                    var hr = new ObjectReader(computed, path, r.Context);
                    var seconds = hr.Int("httpDateInSeconds", required: true, min: 0, max: 86_400);
                    hr.Finish();
                    if (seconds is { } n) datedHeaders.Add(new DatedHeader(name, n));
                }
                else r.Context.Error(path, $"expected a string, {{\"httpDateInSeconds\": N}} or null (to remove a default header), found {JsonPaths.Describe(value)}");
            }
        }
        PlainBody? body = null;
        var bodyNode = r.Node("body");
        if (bodyNode is not null)
        {
            if (bodyNode.GetValueKind() == JsonValueKind.String) body = new PlainBody { Text = bodyNode.GetValue<string>() };
            else if (bodyNode is JsonObject bodyObject)
            {
                var br = new ObjectReader(bodyObject, r.PathOf("body"), r.Context);
                var json = br.Node("json");
                if (!bodyObject.ContainsKey("json")) r.Context.Error(br.Path, "missing required property 'json'");
                br.Finish();
                body = new PlainBody { Json = json?.DeepClone() ?? JsonValue.Create((string?)null) };
            }
            else r.Error("body", $"expected a string or {{\"json\": ...}}, found {JsonPaths.Describe(bodyNode)}");
        }
        var stream = r.Obj("stream") is { } s ? ParseStream(new ObjectReader(s, r.PathOf("stream"), r.Context)) : null;
        if (r.Has("body") && r.Has("stream")) r.Context.Error(r.Path, "a response has either 'body' or 'stream', not both");
        var framing = r.Enum("framing", FramingNames) ?? BodyFraming.Chunked;
        var gzip = r.Bool("gzip") ?? false;
        r.Finish();
        return new ResponseSpec
        {
            Status = status, Reason = reason, Headers = headers, DatedHeaders = datedHeaders, Body = body, Stream = stream, Framing = framing, Gzip = gzip,
        };
    }

    private static StreamSpec? ParseStream(ObjectReader r)
    {
        var model = r.String("model");
        var events = new List<StreamStep>();
        if (r.Array("events", required: true) is { } array)
            for (var i = 0; i < array.Count; i++)
                if (ParseStep(array[i], JsonPaths.Index(r.PathOf("events"), i), r.Context) is { } step) events.Add(step);
        var transport = r.Obj("transport") is { } t ? ParseTransport(new ObjectReader(t, r.PathOf("transport"), r.Context)) : new TransportSpec();
        r.Finish();
        return new StreamSpec { Model = model, Events = events, Transport = transport };
    }

    private static TransportSpec ParseTransport(ObjectReader r)
    {
        var lineEnding = r.Enum("lineEnding", LineEndingNames) ?? LineEnding.Lf;
        var bom = r.Bool("bom") ?? false;
        var split = new SplitSpec();
        var splitNode = r.Node("split");
        if (splitNode is not null)
        {
            if (splitNode.GetValueKind() == JsonValueKind.String)
            {
                var name = splitNode.GetValue<string>();
                var mode = SplitNames.Where(n => n.Item1 == name).Select(n => (SplitMode?)n.Item2).FirstOrDefault();
                if (mode is null) r.Error("split", $"unknown value '{name}'; expected one of {string.Join(", ", SplitNames.Select(n => n.Item1))}");
                else if (mode is SplitMode.Every or SplitMode.Offsets or SplitMode.Random)
                    r.Error("split", $"mode '{name}' takes parameters; write {{\"mode\": \"{name}\", ...}}");
                else split = new SplitSpec { Mode = mode.Value };
            }
            else if (splitNode is JsonObject splitObject) split = ParseSplit(new ObjectReader(splitObject, r.PathOf("split"), r.Context));
            else r.Error("split", $"expected a mode name or an object, found {JsonPaths.Describe(splitNode)}");
        }
        var delay = r.Int("delayMs", min: 0) ?? 0;
        var firstDelay = r.Int("firstDelayMs", min: 0) ?? 0;
        var end = r.Obj("end") is { } e ? ParseEnd(new ObjectReader(e, r.PathOf("end"), r.Context)) : new EndSpec();
        r.Finish();
        return new TransportSpec { LineEnding = lineEnding, Bom = bom, Split = split, DelayMs = delay, FirstDelayMs = firstDelay, End = end };
    }

    private static SplitSpec ParseSplit(ObjectReader r)
    {
        var mode = r.Enum("mode", SplitNames, required: true);
        var bytes = r.Int("bytes", min: 1);
        var seed = r.Int("seed");
        var maxBytes = r.Int("maxBytes", min: 1);
        var at = new List<int>();
        if (r.Array("at") is { } array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var node = array[i];
                if (node?.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var offset) && offset >= 1)
                {
                    // Still compilable: the compiler sorts the cuts, so the bounds check can run in the same pass.
                    if (at.Count > 0 && offset <= at[^1])
                        r.Context.Error(JsonPaths.Index(r.PathOf("at"), i), $"offsets must be strictly increasing: {offset} follows {at[^1]}", blocksCompile: false);
                    at.Add(offset);
                }
                else r.Context.Error(JsonPaths.Index(r.PathOf("at"), i), $"expected a positive integer offset, found {JsonPaths.Describe(node)}");
            }
        }
        if (mode is not null)
        {
            void Only(string name, SplitMode owner, bool required)
            {
                if (mode == owner) { if (required && !r.Has(name)) r.Context.Error(r.Path, $"mode '{Wire(owner)}' needs '{name}'"); }
                else if (r.Has(name)) r.Error(name, $"'{name}' only applies to mode '{Wire(owner)}'");
            }
            Only("bytes", SplitMode.Every, required: true);
            Only("at", SplitMode.Offsets, required: true);
            Only("seed", SplitMode.Random, required: false);
            Only("maxBytes", SplitMode.Random, required: false);
        }
        r.Finish();
        return new SplitSpec { Mode = mode ?? SplitMode.PerEvent, Bytes = bytes ?? 0, At = at, Seed = seed ?? 0, MaxBytes = maxBytes ?? 16 };
    }

    private static string Wire(SplitMode mode) => SplitNames.First(n => n.Item2 == mode).Item1;

    private static EndSpec ParseEnd(ObjectReader r)
    {
        var kind = r.Enum("kind", EndNames, required: true);
        var ms = r.Int("ms", min: 0);
        var afterBytes = r.Int("afterBytes", min: 0);
        if (kind is EndKind.Clean && ms is not null) r.Error("ms", "'ms' does not apply to kind 'clean'");
        if (kind is EndKind.Clean or EndKind.HoldOpen && afterBytes is not null)
            r.Error("afterBytes", "'afterBytes' only applies to kinds 'fin', 'reset' and 'stall'");
        if (kind is EndKind.HoldOpen or EndKind.Stall && ms is null) r.Context.Error(r.Path, "this kind needs 'ms'");
        r.Finish();
        return new EndSpec { Kind = kind ?? EndKind.Clean, Ms = ms ?? 0, AfterBytes = afterBytes };
    }
}
