using System.Text.Json.Nodes;
using Conformance.Core.Dialects.OpenAi;

namespace Conformance.Core.Dialects.OpenAiCompletions;

/// <summary><c>openai-completions</c>: the legacy <c>POST /v1/completions</c>, <c>text_completion</c> chunks with <c>choices[].text</c>, <c>data: [DONE]</c>.</summary>
public sealed class OpenAiCompletionsDialect() : OpenAiChunkDialect(completions: true)
{
    public override string Name => "openai-completions";

    public override IReadOnlyList<DialectEndpoint> Endpoints { get; } = [new("POST", "v1/completions")];

    public override JsonObject RequestBody(string model, string prompt) => new() { ["model"] = model, ["prompt"] = prompt, ["stream"] = true };
}
