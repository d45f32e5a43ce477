using Conformance.Core.Scenarios.Steps;

namespace Conformance.Core.Dialects;

/// <summary>Writes one response body's dialect steps; made per body by <see cref="IDialect.NewStream"/>, so it may keep state (sequence numbers).</summary>
public interface IDialectStream
{
    /// <summary>Writes a step of one of the dialect's <see cref="IDialect.StepKinds"/>; false when the step is not the dialect's.</summary>
    bool Write(StreamStep step);

    /// <summary>Writes one piece of generated text (a <c>generate</c> step) as this API sends text.</summary>
    void WriteText(string text, int index);
}
