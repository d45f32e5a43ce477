using System.Text.Json.Nodes;

namespace Conformance.Core.Scenarios.Steps;

/// <summary>An OpenAI-style error embedded in the stream: <c>data: {"error": {...}}</c>.</summary>
public sealed record ErrorStep : StreamStep
{
    public required JsonObject Error { get; init; }
}
