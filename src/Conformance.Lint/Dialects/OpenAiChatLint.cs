using Conformance.Core.Dialects;
using System.Text.Json;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Lint.Checks;
using static Conformance.Lint.Checks.LintVerdicts;
using R = Conformance.Lint.Rules.ServerRules;

namespace Conformance.Lint.Dialects;

/// <summary>openai-chat: POST /chat/completions, <c>chat.completion.chunk</c> chunks, a role-only first delta.</summary>
public sealed class OpenAiChatLint : OpenAiLint
{
    public override IDialect Api => DialectCatalog.OpenAiChat;

    protected override string ObjectName => "chat.completion.chunk";

    public override string DefaultBody(string model) => JsonSerializer.Serialize(new
    {
        model,
        stream = true,
        max_tokens = 32,
        messages = new[] { new { role = "user", content = "Say hello in five words." } },
    });

    public override IReadOnlyList<string> StreamRules => [.. base.StreamRules, R.OpenAiFirstDeltaRole];

    protected override IEnumerable<RuleVerdict> Extra(StreamFacts f, IReadOnlyList<Chunk> chunks)
    {
        var first = chunks.FirstOrDefault(c => c.Json!.Value.TryGetProperty("choices", out var ch) && ch.ValueKind == JsonValueKind.Array && ch.GetArrayLength() > 0);
        if (first is null) { yield return Skip(R.OpenAiFirstDeltaRole, "no chunk carries a choice"); yield break; }
        var delta = first.Json!.Value.GetProperty("choices")[0].TryGetProperty("delta", out var d) && d.ValueKind == JsonValueKind.Object ? d : (JsonElement?)null;
        var role = delta is { } dd && dd.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        var content = delta is { } d2 && d2.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        yield return role == "assistant" && string.IsNullOrEmpty(content)
            ? Pass(R.OpenAiFirstDeltaRole, $"the first delta at {first.Event.Range} is {delta!.Value.GetRawText()}")
            : Miss(R.OpenAiFirstDeltaRole, $"the first delta at {first.Event.Range} is {(delta is null ? "missing" : Show(delta.Value.GetRawText()))}: expected role \"assistant\" and no content yet{f.OffsetNote}",
                "{\"role\":\"assistant\",\"content\":\"\"}", delta is null ? "none" : Show(delta.Value.GetRawText()), first.Event.Range);
    }
}
