using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Core.Dialects;
using Conformance.Core.Scenarios.Steps;
using Conformance.Core.Text;

namespace Conformance.Core.Scenarios;

public static partial class ScenarioParser
{
    private const int MaxRepeatDepth = 4;

    private static StreamStep? ParseStep(JsonNode? node, string path, ParseContext context, int depth = 0)
    {
        if (node is not JsonObject o)
        {
            context.Error(path, $"expected a step object, found {JsonPaths.Describe(node)}");
            return null;
        }
        // A dialect's owning kind (anthropic, responses) owns every other key; otherwise the keys pick the kind.
        var dialectKinds = DialectCatalog.StepKinds;
        var owner = dialectKinds.FirstOrDefault(k => k.Kind.OwnsKeys && k.Kind.Keys.Any(o.ContainsKey));
        List<string> kinds = owner.Kind is not null
            ? [owner.Kind.Name]
            : [.. dialectKinds.Where(k => !k.Kind.OwnsKeys && k.Kind.Keys.Count == 1 && o.ContainsKey(k.Kind.Keys[0])).Select(k => k.Kind.Name),
               .. GenericKinds.Where(o.ContainsKey),
               .. dialectKinds.Where(k => !k.Kind.OwnsKeys && k.Kind.Keys.Count > 1 && k.Kind.Keys.Any(o.ContainsKey)).Select(k => k.Kind.Name)];
        kinds = [.. kinds.Distinct()];
        if (kinds.Count > 1)
        {
            context.Error(path, $"a step has exactly one kind, found {string.Join(" and ", kinds)}");
            return null;
        }
        var r = new ObjectReader(o, path, context);
        var delay = r.Int("delayMs", min: 0);
        StreamStep? step = kinds.FirstOrDefault() switch
        {
            "comment" => r.Text("comment", required: true) is { } c ? new CommentStep { Text = c } : null,
            "sse" => r.Obj("sse") is { } sse ? ParseSse(new ObjectReader(sse, r.PathOf("sse"), context)) : null,
            "raw" => r.Text("raw", required: true) is { } raw ? new RawStep { Text = raw } : null,
            "bytes" => r.Text("bytes", required: true) is { } bytes ? ParseBytes(r, bytes) : null,
            "generate" => r.Obj("generate") is { } g ? ParseGenerate(new ObjectReader(g, r.PathOf("generate"), context)) : null,
            "repeat" => r.Obj("repeat") is { } rep ? ParseRepeat(new ObjectReader(rep, r.PathOf("repeat"), context), depth) : null,
            null => null,
            var name => ParseDialectStep(r, name),
        };
        if (kinds.Count == 0)
        {
            var own = context.Api?.StepKinds.SelectMany(k => k.Keys) ?? dialectKinds.SelectMany(k => k.Kind.Keys);
            context.Error(path, $"unknown step; a step has one of: {string.Join(", ", own.Concat(GenericKinds).Distinct())}");
        }
        r.Finish();
        return step is null ? null : step with { DelayMs = delay };
    }

    /// <summary>
    /// A dialect's step: read by the scenario's own dialect when it has the kind; otherwise the step does not fit the
    /// api (a located error naming the apis that take it) and is still read, so its other errors are reported too.
    /// </summary>
    private static StreamStep? ParseDialectStep(ObjectReader r, string name)
    {
        var candidates = DialectCatalog.StepKinds.Where(k => k.Kind.Name == name).ToList();
        var own = r.Context.Api is { } api ? candidates.FirstOrDefault(k => k.Dialects.Contains(api)) : candidates[0];
        if (own.Kind is null)
        {
            r.Context.Error(r.Path, $"a '{name}' step does not fit api '{r.Context.Api!.Name}' (only {string.Join(", ", candidates.SelectMany(k => k.Dialects).Select(d => d.Name))})");
            own = candidates[0];
        }
        return own.Kind.Parse(r, own.Dialects[0]);
    }

    /// <summary><c>hex:</c> pairs of hex digits (spaces allowed between bytes) or <c>base64:</c>; anything else is a located error.</summary>
    private static BytesStep? ParseBytes(ObjectReader r, string text)
    {
        byte[]? bytes = null;
        if (text.StartsWith("hex:", StringComparison.Ordinal))
        {
            var digits = string.Concat(text[4..].Where(c => !char.IsWhiteSpace(c)));
            try { bytes = digits.Length % 2 == 0 ? Convert.FromHexString(digits) : null; }
            catch (FormatException) { bytes = null; }
            if (bytes is null) r.Error("bytes", $"'hex:' must be followed by pairs of hex digits (spaces allowed between bytes), found '{ScenarioTextShort(text)}'");
        }
        else if (text.StartsWith("base64:", StringComparison.Ordinal))
        {
            try { bytes = Convert.FromBase64String(text[7..]); }
            catch (FormatException) { r.Error("bytes", $"'base64:' must be followed by base64, found '{ScenarioTextShort(text)}'"); }
        }
        else r.Error("bytes", "expected \"hex:…\" or \"base64:…\"");
        if (bytes is { Length: 0 }) { r.Error("bytes", "no bytes"); bytes = null; }
        return bytes is null ? null : new BytesStep { Bytes = bytes };
    }

    private static string ScenarioTextShort(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static SseStep ParseSse(ObjectReader r)
    {
        var ev = r.String("event");
        var id = r.String("id");
        var retry = r.Int("retry", min: 0);
        string? data = null;
        var dataNode = r.Node("data");
        if (dataNode is not null)
        {
            if (dataNode.GetValueKind() == JsonValueKind.String) data = dataNode.GetValue<string>();
            else if (dataNode is JsonObject d && d.ContainsKey("json"))
            {
                var dr = new ObjectReader(d, r.PathOf("data"), r.Context);
                data = WireJson.Serialize(dr.Node("json"));
                dr.Finish();
            }
            else if (dataNode is JsonObject rep) data = ObjectReader.RepeatedText(rep, r.PathOf("data"), r.Context);
            else r.Error("data", $"expected a string, {{\"json\": ...}} or {{\"repeat\": ..., \"count\": N}}, found {JsonPaths.Describe(dataNode)}");
        }
        r.Finish();
        return new SseStep { Event = ev, Id = id, Retry = retry, Data = data };
    }

    private static GenerateStep ParseGenerate(ObjectReader r)
    {
        var step = new GenerateStep
        {
            Seed = r.Int("seed", required: true) ?? 0,
            Locale = r.String("locale") ?? "en",
            Words = r.Int("words", min: 1, max: 1_000_000) ?? 20,
            Pieces = r.Int("pieces", min: 1, max: 1_000_000) ?? 5,
            Emoji = r.Bool("emoji") ?? false,
            Cjk = r.Bool("cjk") ?? false,
            Index = r.Int("index", min: 0) ?? 0,
        };
        if (!TextGenerator.IsKnownLocale(step.Locale)) r.Error("locale", $"unknown locale '{step.Locale}' (Bogus locales such as en, de, ja, zh_CN, ar; plus he)");
        if (r.Has("index") && r.Context.Api is { GenerateTakesIndex: false })
            r.Error("index", $"'index' only applies to api {string.Join(", ", DialectCatalog.All.Where(d => d.GenerateTakesIndex).Select(d => $"'{d.Name}'"))}");
        r.Finish();
        return step;
    }

    private static RepeatStep? ParseRepeat(ObjectReader r, int depth)
    {
        var count = r.Int("count", required: true, min: 0, max: 10_000_000);
        StreamStep? inner = null;
        var stepNode = r.Node("step");
        if (stepNode is null) r.Context.Error(r.Path, "missing required property 'step'");
        else if (depth >= MaxRepeatDepth) r.Error("step", $"repeats nest at most {MaxRepeatDepth} deep");
        else inner = ParseStep(stepNode, r.PathOf("step"), r.Context, depth + 1);
        r.Finish();
        return count is null || inner is null ? null : new RepeatStep { Count = count.Value, Step = inner };
    }
}
