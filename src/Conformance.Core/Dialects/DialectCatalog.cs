using Conformance.Core.Dialects.AnthropicMessages;
using Conformance.Core.Dialects.GeminiGenerate;
using Conformance.Core.Dialects.OpenAiChat;
using Conformance.Core.Dialects.OpenAiCompletions;
using Conformance.Core.Dialects.OpenAiResponses;

namespace Conformance.Core.Dialects;

/// <summary>The built-in dialects, by name (YARP's <c>LoadBalancingPolicies</c>). A new API is one line here and a folder beside it.</summary>
public static class DialectCatalog
{
    public static IDialect OpenAiChat { get; } = new OpenAiChatDialect();
    public static IDialect OpenAiCompletions { get; } = new OpenAiCompletionsDialect();
    public static IDialect AnthropicMessages { get; } = new AnthropicMessagesDialect();
    public static IDialect OpenAiResponses { get; } = new OpenAiResponsesDialect();
    public static IDialect GeminiGenerate { get; } = new GeminiGenerateDialect();

    /// <summary>Every dialect, in the order lists and error messages name them.</summary>
    public static IReadOnlyList<IDialect> All { get; } = [OpenAiChat, OpenAiCompletions, AnthropicMessages, OpenAiResponses, GeminiGenerate];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(d => d.Name)];

    public static IDialect? Find(string? name) => All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));

    /// <summary>The dialect and <c>{model}</c> an endpoint path (segments below the root) belongs to.</summary>
    public static (IDialect Dialect, DialectEndpoint Endpoint, string? Model)? FromPath(IReadOnlyList<string> segments)
    {
        foreach (var d in All)
            foreach (var e in d.Endpoints)
                if (e.Matches(segments, out var model)) return (d, e, model);
        return null;
    }

    /// <summary>Every step kind of every dialect, each with the dialects that accept it (for "does not fit api" errors).</summary>
    public static IReadOnlyList<(IStepKind Kind, IReadOnlyList<IDialect> Dialects)> StepKinds { get; } =
        [.. All.SelectMany(d => d.StepKinds.Select(k => (k, d)))
            .GroupBy(x => x.k)
            .Select(g => (g.Key, (IReadOnlyList<IDialect>)[.. g.Select(x => x.d)]))];
}
