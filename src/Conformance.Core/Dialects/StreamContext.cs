using System.Text.Json.Nodes;

namespace Conformance.Core.Dialects;

/// <summary>What a dialect's stream writer gets from the body builder: ids derived from the scenario, and the line writer.</summary>
public sealed class StreamContext(string model, string hash, Action<string> line, Action<JsonNode> dataJson)
{
    /// <summary>Deterministic <c>created</c> (2025-01-01T00:00:00Z): identical bytes on every run.</summary>
    public const long Created = 1735689600;

    /// <summary>The model name the body reports (the stream's <c>model</c>, else the scenario id).</summary>
    public string Model { get; } = model;

    /// <summary>FNV-1a hash of the scenario id: the stable part of generated ids.</summary>
    public string Hash { get; } = hash;

    /// <summary>Writes one line with the transport's line ending.</summary>
    public void Line(string text) => line(text);

    /// <summary>Writes <c>data: &lt;json&gt;</c> and the blank line that ends the event.</summary>
    public void DataJson(JsonNode payload) => dataJson(payload);

    /// <summary>Writes <c>event: &lt;type&gt;</c>, <c>data: &lt;json&gt;</c> and the blank line.</summary>
    public void Event(string type, JsonNode payload)
    {
        line("event: " + type);
        dataJson(payload);
    }
}
