namespace Conformance.Core.Scenarios.Steps;

/// <summary>One step of <c>stream.events</c>. The JSON shape picks the subtype by its key property
/// (<c>content</c>, <c>anthropic</c>, <c>sse</c>, <c>raw</c>, ...); see docs/scenario-language.md.</summary>
public abstract record StreamStep
{
    /// <summary>Pause before this step's bytes; such a step always starts a new write.</summary>
    public int? DelayMs { get; init; }
}
