using System.Text.Json.Nodes;
using Conformance.Core.Scenarios.Steps;

namespace Conformance.Core.Dialects.OpenAiResponses;

/// <summary>
/// One typed Responses API event, <c>{"responses": "response.output_text.delta", "delta": "Hi"}</c>, written as
/// <c>event: &lt;type&gt;</c> + <c>data: {"type": &lt;type&gt;, "sequence_number": n, …}</c>. Sequence numbers, item ids,
/// indexes and the <c>.done</c> texts are filled from the stream so far; each has an override to script a fault.
/// </summary>
public sealed record ResponsesStep : StreamStep
{
    /// <summary>The event's <c>type</c>, e.g. <c>response.created</c>, <c>response.output_text.delta</c>, <c>error</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Overrides the <c>event:</c> line (null: the type, as the API sends it; "" writes no <c>event:</c> line).</summary>
    public string? EventName { get; init; }

    /// <summary>Overrides <c>sequence_number</c> (a gap, a duplicate, an out-of-order number); later events count on from it.</summary>
    public int? SequenceNumber { get; init; }

    /// <summary>Overrides <c>item_id</c> (null: the id of the item at <see cref="OutputIndex"/>).</summary>
    public string? ItemId { get; init; }

    /// <summary>Overrides <c>output_index</c> (null: the last item added).</summary>
    public int? OutputIndex { get; init; }

    public int ContentIndex { get; init; }
    public int SummaryIndex { get; init; }

    /// <summary>output_item.added: <c>message</c>, <c>function_call</c> or <c>reasoning</c>.</summary>
    public string? ItemType { get; init; }

    /// <summary>output_item.added: the item id (null: derived from the scenario id).</summary>
    public string? Id { get; init; }

    /// <summary>output_item.added of a function_call: the function name and its <c>call_id</c>.</summary>
    public string? Name { get; init; }
    public string? CallId { get; init; }

    /// <summary>content_part.added: <c>output_text</c> or <c>refusal</c>.</summary>
    public string? PartType { get; init; }

    /// <summary>A <c>*.delta</c> event's delta.</summary>
    public string? Delta { get; init; }

    /// <summary>A <c>*.done</c> event's full text / arguments / refusal (null: what the deltas carried).</summary>
    public string? Text { get; init; }

    /// <summary>error / response.failed: <c>code</c>, <c>message</c>; error only: the nested error's <c>type</c>.</summary>
    public string? Code { get; init; }
    public string? Message { get; init; }
    public string? ErrorType { get; init; }

    /// <summary>error: <c>flat</c> (<c>{type, code, message, param}</c>, the API reference) or <c>nested</c> (<c>{type, error: {…}}</c>).</summary>
    public string Shape { get; init; } = "flat";

    /// <summary>response.incomplete: <c>incomplete_details.reason</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>response.completed / incomplete: usage (null: a plausible default).</summary>
    public JsonObject? Usage { get; init; }
}
