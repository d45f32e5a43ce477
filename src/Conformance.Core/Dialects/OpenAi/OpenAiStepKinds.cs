using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Core.Scenarios;
using Conformance.Core.Scenarios.Steps;

namespace Conformance.Core.Dialects.OpenAi;

/// <summary>The steps of the two OpenAI chunk APIs (chat and legacy completions): <c>chunk</c> shorthands, <c>done</c>, <c>error</c>.</summary>
internal static class OpenAiStepKinds
{
    /// <summary>Keys that make a step a chunk (the shorthands and the raw <c>chunk</c> override).</summary>
    public static readonly string[] ChunkKeys = ["role", "content", "reasoning", "toolCall", "finish", "usage", "chunk"];

    public static IStepKind Chunk(bool completions) => new ChunkKind(completions);
    public static IStepKind Done { get; } = new DoneKind();
    public static IStepKind Error { get; } = new ErrorKind();

    private sealed class DoneKind : IStepKind
    {
        public string Name => "done";
        public IReadOnlyList<string> Keys { get; } = ["done"];
        public bool OwnsKeys => false;

        public StreamStep? Parse(ObjectReader r, IDialect dialect)
        {
            var node = r.Node("done");
            if (node?.GetValueKind() != JsonValueKind.True) r.Error("done", "must be true");
            return new DoneStep();
        }
    }

    private sealed class ErrorKind : IStepKind
    {
        public string Name => "error";
        public IReadOnlyList<string> Keys { get; } = ["error"];
        public bool OwnsKeys => false;

        public StreamStep? Parse(ObjectReader r, IDialect dialect)
        {
            var error = r.Obj("error", required: true);
            return error is null ? null : new ErrorStep { Error = (JsonObject)error.DeepClone() };
        }
    }

    private sealed class ChunkKind(bool completions) : IStepKind
    {
        public string Name => "chunk";
        public IReadOnlyList<string> Keys => ChunkKeys;
        public bool OwnsKeys => false;

        public StreamStep? Parse(ObjectReader r, IDialect dialect)
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
            if (completions)
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
    }
}
