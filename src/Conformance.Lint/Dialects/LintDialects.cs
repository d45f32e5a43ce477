using Conformance.Core.Dialects;
using Conformance.Core.Scenarios;

namespace Conformance.Lint.Dialects;

/// <summary>The built-in dialects, by name.</summary>
public static class LintDialects
{
    public static IReadOnlyList<ILintDialect> All { get; } = [new OpenAiChatLint(), new OpenAiCompletionsLint(), new AnthropicMessagesLint()];

    public static ILintDialect? Find(string name) => All.FirstOrDefault(d => d.Name == name);

    public static ILintDialect For(IDialect api) => All.First(d => d.Api == api);

    public static string Names => string.Join(", ", All.Select(d => d.Name));
}
