using Conformance.Core.Dialects;
using Conformance.Core.Scenarios;

namespace Conformance.Lint.Dialects;

/// <summary>The server side of every built-in dialect (<see cref="DialectCatalog.All"/>), found by the dialect or its name.</summary>
public static class LintDialects
{
    public static IReadOnlyList<ILintDialect> All { get; } =
        [new OpenAiChatLint(), new OpenAiCompletionsLint(), new AnthropicMessagesLint(), new OpenAiResponsesLint(), new GeminiGenerateLint()];

    public static ILintDialect? Find(string name) => All.FirstOrDefault(d => d.Name == name);

    /// <summary>The lint side of <paramref name="api"/>; every dialect of the catalogue has one (LintUnitTests proves it).</summary>
    public static ILintDialect For(IDialect api) => All.FirstOrDefault(d => d.Api == api)
        ?? throw new InvalidOperationException($"dialect {api.Name} has no lint side (src/Conformance.Lint/Dialects)");

    public static string Names => string.Join(", ", All.Select(d => d.Name));
}
