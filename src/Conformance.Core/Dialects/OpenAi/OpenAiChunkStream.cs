using System.Text.Json.Nodes;
using Conformance.Core.Scenarios.Steps;

namespace Conformance.Core.Dialects.OpenAi;

/// <summary>Writes chat / completions chunks, <c>data: [DONE]</c> and embedded <c>{"error":…}</c> events.</summary>
internal sealed class OpenAiChunkStream(StreamContext context, bool completions) : IDialectStream
{
    public bool Write(StreamStep step)
    {
        switch (step)
        {
            case ChunkStep chunk: context.DataJson(Chunk(chunk)); return true;
            case DoneStep: context.Line("data: [DONE]"); context.Line(""); return true;
            case ErrorStep error: context.DataJson(new JsonObject { ["error"] = error.Error.DeepClone() }); return true;
            default: return false;
        }
    }

    public void WriteText(string text, int index) => context.DataJson(Chunk(new ChunkStep { Content = text }));

    private JsonObject Chunk(ChunkStep c)
    {
        var shorthand = c.Role ?? c.Content ?? c.Reasoning ?? c.Finish ?? (object?)c.Usage;
        if (shorthand is null && c.ToolCalls.Count == 0 && c.Chunk is not null) return (JsonObject)c.Chunk.DeepClone();
        var chunk = new JsonObject
        {
            ["id"] = (completions ? "cmpl-" : "chatcmpl-") + context.Hash,
            ["object"] = completions ? "text_completion" : "chat.completion.chunk",
            ["created"] = StreamContext.Created,
            ["model"] = context.Model,
        };
        if (c.Usage is not null)
        {
            chunk["choices"] = new JsonArray();
            chunk["usage"] = c.Usage.DeepClone();
        }
        else if (completions)
        {
            chunk["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["text"] = c.Content ?? "", ["finish_reason"] = c.Finish });
        }
        else
        {
            var delta = new JsonObject();
            if (c.Role is not null) delta["role"] = c.Role;
            if (c.Content is not null) delta["content"] = c.Content;
            if (c.Reasoning is not null) delta["reasoning_content"] = c.Reasoning;
            if (c.ToolCalls.Count > 0)
            {
                var calls = new JsonArray();
                foreach (var t in c.ToolCalls)
                {
                    // Only the first fragment names the call; later ones carry index + arguments.
                    var call = new JsonObject { ["index"] = t.Index };
                    if (t.Id is not null) { call["id"] = t.Id; call["type"] = "function"; }
                    var function = new JsonObject();
                    if (t.Name is not null) function["name"] = t.Name;
                    if (t.Arguments is not null) function["arguments"] = t.Arguments;
                    call["function"] = function;
                    calls.Add(call);
                }
                delta["tool_calls"] = calls;
            }
            chunk["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = c.Finish });
        }
        if (c.Chunk is not null)
            foreach (var (key, value) in c.Chunk)
                if (value is null) chunk.Remove(key);
                else chunk[key] = value.DeepClone();
        return chunk;
    }
}
