using System.Text.Json.Nodes;

namespace Conformance.Core.Scenarios;

/// <summary>A non-streaming body: either text (sent as UTF-8) or a JSON value.</summary>
public sealed record PlainBody
{
    public string? Text { get; init; }

    public JsonNode? Json { get; init; }

    public bool IsJson => Text is null;
}
