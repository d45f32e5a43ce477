using Conformance.Core.Scenarios;

namespace Conformance.Core.Exploring;

/// <summary>
/// One way to put a scenario's events on the wire: which events are kept, each generated line's ending,
/// and where the writes are cut. A plan never changes an event's bytes other than its line endings, so
/// the expectation derived from the plan's body is the scenario's own (see <see cref="PlanSpace"/>).
/// </summary>
public sealed record WritePlan
{
    /// <summary>Indices into <see cref="PlanSpace.Segments"/>, ascending.</summary>
    public required IReadOnlyList<int> Segments { get; init; }

    /// <summary>One ending per generated line of the whole stream (<see cref="LineEnding.Lf"/>, <see cref="LineEnding.CrLf"/> or <see cref="LineEnding.Cr"/>); lines of removed events are ignored.</summary>
    public required IReadOnlyList<LineEnding> Endings { get; init; }

    /// <summary>Cuts, sorted and distinct.</summary>
    public required IReadOnlyList<Cut> Cuts { get; init; }

    /// <summary>A canonical text of the plan: equal plans have equal keys.</summary>
    public string Key => string.Join(',', Segments) + "|" + string.Concat(Endings.Select(e => e switch { LineEnding.CrLf => 'w', LineEnding.Cr => 'r', _ => 'n' })) + "|" + string.Join(',', Cuts);

    public WritePlan WithCuts(IEnumerable<Cut> cuts) => this with { Cuts = [.. cuts.Distinct().Order()] };
}
