using Conformance.Core.Scenarios;
using Conformance.Core.Scenarios.Steps;

namespace Conformance.Core.Dialects.AnthropicMessages;

/// <summary><c>{"anthropic": "&lt;event&gt;", …}</c>: one Anthropic Messages event; the step owns its other keys (<c>text</c>, <c>error</c>, …).</summary>
internal sealed class AnthropicStepKind : IStepKind
{
    internal static readonly (string, AnthropicEventKind)[] Names =
    [
        ("message_start", AnthropicEventKind.MessageStart), ("content_block_start", AnthropicEventKind.ContentBlockStart),
        ("text", AnthropicEventKind.Text), ("thinking", AnthropicEventKind.Thinking), ("input_json", AnthropicEventKind.InputJson),
        ("signature", AnthropicEventKind.Signature), ("citations", AnthropicEventKind.Citations),
        ("content_block_stop", AnthropicEventKind.ContentBlockStop), ("message_delta", AnthropicEventKind.MessageDelta),
        ("message_stop", AnthropicEventKind.MessageStop), ("ping", AnthropicEventKind.Ping), ("error", AnthropicEventKind.Error),
    ];

    /// <summary>Which optional properties each event accepts besides <c>anthropic</c> and <c>delayMs</c>.</summary>
    private static readonly Dictionary<AnthropicEventKind, string[]> Props = new()
    {
        [AnthropicEventKind.MessageStart] = ["id", "usage"],
        [AnthropicEventKind.ContentBlockStart] = ["index", "blockType", "id", "name"],
        [AnthropicEventKind.Text] = ["index", "text"],
        [AnthropicEventKind.Thinking] = ["index", "thinking"],
        [AnthropicEventKind.InputJson] = ["index", "partialJson"],
        [AnthropicEventKind.Signature] = ["index", "signature"],
        [AnthropicEventKind.Citations] = ["index", "citation"],
        [AnthropicEventKind.ContentBlockStop] = ["index"],
        [AnthropicEventKind.MessageDelta] = ["stopReason", "usage"],
        [AnthropicEventKind.MessageStop] = [],
        [AnthropicEventKind.Ping] = [],
        [AnthropicEventKind.Error] = ["error"],
    };

    private static readonly string[] AllProps = ["index", "blockType", "id", "name", "text", "thinking", "partialJson", "signature", "citation", "stopReason", "usage", "error"];

    public string Name => "anthropic";
    public IReadOnlyList<string> Keys { get; } = ["anthropic"];
    public bool OwnsKeys => true;

    public StreamStep? Parse(ObjectReader r, IDialect dialect)
    {
        var kind = r.Enum("anthropic", Names, required: true);
        var index = r.Int("index", min: 0);
        var blockType = r.String("blockType");
        var id = r.String("id");
        var name = r.String("name");
        var text = r.Text("text");
        var thinking = r.Text("thinking");
        var partialJson = r.Text("partialJson");
        // A signature is opaque: read as written, never trimmed (the client must hand it back byte for byte).
        var signature = r.Text("signature");
        var citation = r.Obj("citation");
        var stopReason = r.String("stopReason");
        var usage = r.Obj("usage");
        var error = r.Obj("error");
        if (kind is not { } k) return null;
        var wire = Names.First(n => n.Item2 == k).Item1;
        foreach (var prop in AllProps)
            if (r.Has(prop) && !Props[k].Contains(prop))
                r.Error(prop, $"'{prop}' does not apply to anthropic '{wire}' (it takes: {(Props[k].Length == 0 ? "nothing" : string.Join(", ", Props[k]))})");
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
            case AnthropicEventKind.Signature: Need("signature", signature); break;
            case AnthropicEventKind.Citations: Need("citation", citation); break;
            case AnthropicEventKind.MessageDelta: Need("stopReason", stopReason); break;
            case AnthropicEventKind.Error: Need("error", error); break;
        }
        return new AnthropicStep
        {
            Kind = k, Index = index ?? 0, BlockType = blockType, Id = id, Name = name, Text = text ?? thinking ?? partialJson ?? signature,
            Citation = (System.Text.Json.Nodes.JsonObject?)citation?.DeepClone(),
            StopReason = stopReason, Usage = (System.Text.Json.Nodes.JsonObject?)usage?.DeepClone(), Error = (System.Text.Json.Nodes.JsonObject?)error?.DeepClone(),
        };
    }
}
