using System.Text.Json;
using System.Text.Json.Nodes;
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
        // An Anthropic step owns its keys ("text", "error", ...); otherwise the key property picks the kind.
        List<string> kinds = o.ContainsKey("anthropic") ? ["anthropic"] : OtherKinds.Where(o.ContainsKey).ToList();
        if (!o.ContainsKey("anthropic") && ChunkKeys.Any(o.ContainsKey)) kinds.Add("chunk");
        if (kinds.Count > 1)
        {
            context.Error(path, $"a step has exactly one kind, found {string.Join(" and ", kinds)}");
            return null;
        }
        var r = new ObjectReader(o, path, context);
        var delay = r.Int("delayMs", min: 0);
        StreamStep? step = kinds.FirstOrDefault() switch
        {
            "anthropic" => ParseAnthropic(r),
            "done" => ParseDone(r),
            "error" => ParseErrorStep(r),
            "comment" => r.Text("comment", required: true) is { } c ? new CommentStep { Text = c } : null,
            "sse" => r.Obj("sse") is { } sse ? ParseSse(new ObjectReader(sse, r.PathOf("sse"), context)) : null,
            "raw" => r.Text("raw", required: true) is { } raw ? new RawStep { Text = raw } : null,
            "bytes" => r.Text("bytes", required: true) is { } bytes ? ParseBytes(r, bytes) : null,
            "generate" => r.Obj("generate") is { } g ? ParseGenerate(new ObjectReader(g, r.PathOf("generate"), context)) : null,
            "repeat" => r.Obj("repeat") is { } rep ? ParseRepeat(new ObjectReader(rep, r.PathOf("repeat"), context), depth) : null,
            "chunk" => ParseChunk(r),
            _ => null,
        };
        if (kinds.Count == 0)
            context.Error(path, $"unknown step; a step has one of: {string.Join(", ", ChunkKeys.Concat(OtherKinds))}");
        r.Finish();
        return step is null ? null : step with { DelayMs = delay };
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

    private static bool RequireApi(ObjectReader r, string kind, params ApiKind[] apis)
    {
        if (r.Context.Api is not { } api || apis.Contains(api)) return true;
        r.Context.Error(r.Path, $"a '{kind}' step does not fit api '{api.WireName()}' (only {string.Join(", ", apis.Select(a => a.WireName()))})");
        return false;
    }

    private static DoneStep? ParseDone(ObjectReader r)
    {
        var node = r.Node("done");
        if (node?.GetValueKind() != JsonValueKind.True) r.Error("done", "must be true");
        RequireApi(r, "done", ApiKind.OpenAiChat, ApiKind.OpenAiCompletions);
        return new DoneStep();
    }

    private static ErrorStep? ParseErrorStep(ObjectReader r)
    {
        var error = r.Obj("error", required: true);
        RequireApi(r, "error", ApiKind.OpenAiChat, ApiKind.OpenAiCompletions);
        return error is null ? null : new ErrorStep { Error = (JsonObject)error.DeepClone() };
    }

    private static ChunkStep ParseChunk(ObjectReader r)
    {
        var role = r.String("role");
        var content = r.Text("content");
        var reasoning = r.Text("reasoning");
        // One call (an object) or several calls in one delta (an array: parallel tool calls in one chunk).
        var toolCalls = new List<ToolCallDelta>();
        var toolCallNode = r.Node("toolCall");
        if (toolCallNode is JsonObject single) toolCalls.Add(ParseToolCall(single, r.PathOf("toolCall"), r.Context));
        else if (toolCallNode is JsonArray several)
        {
            if (several.Count == 0) r.Error("toolCall", "an empty array; give one call object or several");
            for (var i = 0; i < several.Count; i++)
            {
                var path = JsonPaths.Index(r.PathOf("toolCall"), i);
                if (several[i] is JsonObject call) toolCalls.Add(ParseToolCall(call, path, r.Context));
                else r.Context.Error(path, $"expected a tool call object, found {JsonPaths.Describe(several[i])}");
            }
            var duplicate = toolCalls.GroupBy(c => c.Index).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) r.Error("toolCall", $"index {duplicate.Key} appears twice in one delta");
        }
        else if (toolCallNode is not null) r.Error("toolCall", $"expected a tool call object or an array of them, found {JsonPaths.Describe(toolCallNode)}");
        var finish = r.String("finish");
        var usage = r.Obj("usage");
        var chunk = r.Obj("chunk");
        if (RequireApi(r, "chunk", ApiKind.OpenAiChat, ApiKind.OpenAiCompletions) && r.Context.Api == ApiKind.OpenAiCompletions)
            foreach (var chatOnly in new[] { "role", "reasoning", "toolCall" })
                if (r.Has(chatOnly)) r.Error(chatOnly, $"'{chatOnly}' only fits api 'openai-chat'");
        if (usage is not null && (role ?? content ?? reasoning ?? finish) is not null || usage is not null && toolCalls.Count > 0)
            r.Context.Error(r.Path, "'usage' is a chunk of its own (\"choices\": []); put it in a separate step");
        return new ChunkStep
        {
            Role = role, Content = content, Reasoning = reasoning, ToolCalls = toolCalls, Finish = finish,
            Usage = (JsonObject?)usage?.DeepClone(), Chunk = (JsonObject?)chunk?.DeepClone(),
        };
    }

    private static ToolCallDelta ParseToolCall(JsonObject node, string path, ParseContext context)
    {
        var tr = new ObjectReader(node, path, context);
        var index = tr.Int("index", required: true, min: 0);
        var call = new ToolCallDelta { Index = index ?? 0, Id = tr.String("id"), Name = tr.String("name"), Arguments = tr.Text("arguments") };
        tr.Finish();
        return call;
    }

    private static AnthropicStep? ParseAnthropic(ObjectReader r)
    {
        var kind = r.Enum("anthropic", AnthropicNames, required: true);
        var index = r.Int("index", min: 0);
        var blockType = r.String("blockType");
        var id = r.String("id");
        var name = r.String("name");
        var text = r.Text("text");
        var thinking = r.Text("thinking");
        var partialJson = r.Text("partialJson");
        var stopReason = r.String("stopReason");
        var usage = r.Obj("usage");
        var error = r.Obj("error");
        RequireApi(r, "anthropic", ApiKind.AnthropicMessages);
        if (kind is not { } k) return null;
        var wire = AnthropicNames.First(n => n.Item2 == k).Item1;
        foreach (var prop in new[] { "index", "blockType", "id", "name", "text", "thinking", "partialJson", "stopReason", "usage", "error" })
            if (r.Has(prop) && !AnthropicProps[k].Contains(prop))
                r.Error(prop, $"'{prop}' does not apply to anthropic '{wire}' (it takes: {(AnthropicProps[k].Length == 0 ? "nothing" : string.Join(", ", AnthropicProps[k]))})");
        void Need(string prop, object? value) { if (value is null && !r.Has(prop)) r.Context.Error(r.Path, $"anthropic '{wire}' needs '{prop}'"); }
        switch (k)
        {
            case AnthropicEventKind.ContentBlockStart:
                Need("blockType", blockType);
                if (blockType is not null and not ("text" or "tool_use" or "thinking"))
                    r.Error("blockType", $"unknown value '{blockType}'; expected one of text, tool_use, thinking");
                if (blockType == "tool_use") { Need("id", id); Need("name", name); }
                else if (blockType is not null) foreach (var p in new[] { "id", "name" }) if (r.Has(p)) r.Error(p, $"'{p}' only applies to blockType 'tool_use'");
                break;
            case AnthropicEventKind.Text: Need("text", text); break;
            case AnthropicEventKind.Thinking: Need("thinking", thinking); break;
            case AnthropicEventKind.InputJson: Need("partialJson", partialJson); break;
            case AnthropicEventKind.MessageDelta: Need("stopReason", stopReason); break;
            case AnthropicEventKind.Error: Need("error", error); break;
        }
        return new AnthropicStep
        {
            Kind = k, Index = index ?? 0, BlockType = blockType, Id = id, Name = name, Text = text ?? thinking ?? partialJson,
            StopReason = stopReason, Usage = (JsonObject?)usage?.DeepClone(), Error = (JsonObject?)error?.DeepClone(),
        };
    }

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
        if (r.Has("index") && r.Context.Api != ApiKind.AnthropicMessages) r.Error("index", "'index' only applies to api 'anthropic-messages'");
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
