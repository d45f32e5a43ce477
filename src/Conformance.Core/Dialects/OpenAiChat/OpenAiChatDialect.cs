using System.Text.Json.Nodes;
using Conformance.Core.Dialects.OpenAi;

namespace Conformance.Core.Dialects.OpenAiChat;

/// <summary><c>openai-chat</c>: <c>POST /v1/chat/completions</c>, <c>chat.completion.chunk</c> objects, <c>data: [DONE]</c>.</summary>
public sealed class OpenAiChatDialect() : OpenAiChunkDialect(completions: false)
{
    public override string Name => "openai-chat";

    public override IReadOnlyList<DialectEndpoint> Endpoints { get; } = [new("POST", "v1/chat/completions")];

    public override JsonObject RequestBody(string model, string prompt) => new()
    {
        ["model"] = model,
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
        ["stream"] = true,
    };
}
