using Conformance.Core.Scenarios;
using Conformance.Core.Scenarios.Steps;

namespace Conformance.Core.Dialects.OpenAiResponses;

/// <summary><c>{"responses": "&lt;event type&gt;", …}</c>: one Responses API event; the step owns its other keys.</summary>
internal sealed class ResponsesStepKind : IStepKind
{
    /// <summary>The event types a scenario may script, each with the properties it takes (besides responses, event, sequenceNumber, delayMs).</summary>
    internal static readonly Dictionary<string, string[]> Events = new(StringComparer.Ordinal)
    {
        ["response.created"] = [],
        ["response.in_progress"] = [],
        ["response.output_item.added"] = ["outputIndex", "itemType", "id", "name", "callId"],
        ["response.content_part.added"] = ["itemId", "outputIndex", "contentIndex", "partType"],
        ["response.output_text.delta"] = ["itemId", "outputIndex", "contentIndex", "delta"],
        ["response.output_text.done"] = ["itemId", "outputIndex", "contentIndex", "text"],
        ["response.refusal.delta"] = ["itemId", "outputIndex", "contentIndex", "delta"],
        ["response.refusal.done"] = ["itemId", "outputIndex", "contentIndex", "text"],
        ["response.content_part.done"] = ["itemId", "outputIndex", "contentIndex"],
        ["response.function_call_arguments.delta"] = ["itemId", "outputIndex", "delta"],
        ["response.function_call_arguments.done"] = ["itemId", "outputIndex", "text"],
        ["response.reasoning_summary_part.added"] = ["itemId", "outputIndex", "summaryIndex"],
        ["response.reasoning_summary_text.delta"] = ["itemId", "outputIndex", "summaryIndex", "delta"],
        ["response.reasoning_summary_text.done"] = ["itemId", "outputIndex", "summaryIndex", "text"],
        ["response.output_item.done"] = ["outputIndex"],
        ["response.completed"] = ["usage"],
        ["response.incomplete"] = ["reason", "usage"],
        ["response.failed"] = ["code", "message"],
        ["error"] = ["code", "message", "errorType", "shape"],
    };

    private static readonly string[] AllProps =
        ["itemId", "outputIndex", "contentIndex", "summaryIndex", "itemType", "id", "name", "callId", "partType", "delta", "text", "code", "message", "errorType", "shape", "reason", "usage"];

    public string Name => "responses";
    public IReadOnlyList<string> Keys { get; } = ["responses"];
    public bool OwnsKeys => true;

    public StreamStep? Parse(ObjectReader r, IDialect dialect)
    {
        var type = r.String("responses", required: true);
        var eventName = r.String("event");
        var sequence = r.Int("sequenceNumber", min: 0);
        var itemId = r.String("itemId");
        var outputIndex = r.Int("outputIndex", min: 0);
        var contentIndex = r.Int("contentIndex", min: 0);
        var summaryIndex = r.Int("summaryIndex", min: 0);
        var itemType = r.String("itemType");
        var id = r.String("id");
        var name = r.String("name");
        var callId = r.String("callId");
        var partType = r.String("partType");
        var delta = r.Text("delta");
        var text = r.Text("text");
        var code = r.String("code");
        var message = r.String("message");
        var errorType = r.String("errorType");
        var shape = r.String("shape");
        var reason = r.String("reason");
        var usage = r.Obj("usage");
        if (type is null) return null;
        if (!Events.TryGetValue(type, out var props))
        {
            r.Error("responses", $"unknown event '{type}'; expected one of {string.Join(", ", Events.Keys)}");
            return null;
        }
        foreach (var prop in AllProps)
            if (r.Has(prop) && !props.Contains(prop))
                r.Error(prop, $"'{prop}' does not apply to '{type}' (it takes: {(props.Length == 0 ? "nothing" : string.Join(", ", props))})");
        void Need(string prop, object? value) { if (value is null && !r.Has(prop)) r.Context.Error(r.Path, $"'{type}' needs '{prop}'"); }
        if (type.EndsWith(".delta", StringComparison.Ordinal)) Need("delta", delta);
        switch (type)
        {
            case "response.output_item.added":
                Need("itemType", itemType);
                if (itemType is not null and not ("message" or "function_call" or "reasoning"))
                    r.Error("itemType", $"unknown value '{itemType}'; expected one of message, function_call, reasoning");
                if (itemType == "function_call") Need("name", name);
                else if (itemType is not null) foreach (var p in new[] { "name", "callId" }) if (r.Has(p)) r.Error(p, $"'{p}' only applies to itemType 'function_call'");
                break;
            case "response.content_part.added":
                if (partType is not null and not ("output_text" or "refusal")) r.Error("partType", $"unknown value '{partType}'; expected output_text or refusal");
                break;
            case "error":
                Need("message", message);
                if (shape is not null and not ("flat" or "nested")) r.Error("shape", $"unknown value '{shape}'; expected flat ({{type, code, message}}) or nested ({{type, error: {{…}}}})");
                if (errorType is not null && shape != "nested") r.Error("errorType", "'errorType' is the nested error's type: it needs \"shape\": \"nested\"");
                break;
            case "response.failed":
                Need("message", message);
                break;
        }
        return new ResponsesStep
        {
            Type = type, EventName = eventName, SequenceNumber = sequence, ItemId = itemId, OutputIndex = outputIndex,
            ContentIndex = contentIndex ?? 0, SummaryIndex = summaryIndex ?? 0, ItemType = itemType, Id = id, Name = name, CallId = callId,
            PartType = partType, Delta = delta, Text = text, Code = code, Message = message, ErrorType = errorType, Shape = shape ?? "flat",
            Reason = reason, Usage = (System.Text.Json.Nodes.JsonObject?)usage?.DeepClone(),
        };
    }
}
