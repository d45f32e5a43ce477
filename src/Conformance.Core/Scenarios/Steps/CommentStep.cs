namespace Conformance.Core.Scenarios.Steps;

/// <summary>An SSE comment line followed by a blank line: <c>: keep-alive</c>.</summary>
public sealed record CommentStep : StreamStep
{
    public required string Text { get; init; }
}
