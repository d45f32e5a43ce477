using Conformance.Core.Scenarios;
using Conformance.Core.Scenarios.Steps;

namespace Conformance.Core.Dialects;

/// <summary>
/// A step kind a dialect adds to the scenario language (<c>{"content": …}</c>, <c>{"anthropic": "text", …}</c>,
/// <c>{"responses": "output_text.delta", …}</c>). The parser picks it by its keys and asks it to read the step;
/// the dialect's <see cref="IDialectStream"/> writes it.
/// </summary>
public interface IStepKind
{
    /// <summary>The kind's name in error messages (<c>chunk</c>, <c>anthropic</c>, <c>done</c>).</summary>
    string Name { get; }

    /// <summary>The property names that select this kind (a step has exactly one kind).</summary>
    IReadOnlyList<string> Keys { get; }

    /// <summary>When true, a step with this kind's key is this kind whatever other keys it has (they are its own properties).</summary>
    bool OwnsKeys { get; }

    /// <summary>Reads the step (every error goes to the reader's context, with its path); <paramref name="dialect"/> is the scenario's API.</summary>
    StreamStep? Parse(ObjectReader reader, IDialect dialect);
}
