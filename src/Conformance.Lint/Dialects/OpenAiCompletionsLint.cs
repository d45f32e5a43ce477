using Conformance.Core.Dialects;
using System.Text.Json;
using Conformance.Core.Scenarios;

namespace Conformance.Lint.Dialects;

/// <summary>openai-completions: POST /completions, <c>text_completion</c> chunks with <c>choices[].text</c>.</summary>
public sealed class OpenAiCompletionsLint : OpenAiLint
{
    public override IDialect Api => DialectCatalog.OpenAiCompletions;

    protected override string ObjectName => "text_completion";

    public override string DefaultBody(string model) => JsonSerializer.Serialize(new
    {
        model,
        stream = true,
        max_tokens = 32,
        prompt = "Say hello in five words.",
    });
}
