using Conformance.Core.Journal;
using Conformance.Core.Observations;
using Conformance.Core.Scenarios;

namespace Conformance.Core.Scoring;

/// <summary>Everything a check may look at for one case.</summary>
public sealed record ScoringInput
{
    public required Scenario Scenario { get; init; }
    public required Expectation Expectation { get; init; }
    public required IReadOnlyList<Observation> Observations { get; init; }
    public required CaseJournal Journal { get; init; }

    public IEnumerable<ChunkObservation> Chunks => Observations.OfType<ChunkObservation>();

    /// <summary>The final observation (end or error), if any.</summary>
    public Observation? Final => Observations.LastOrDefault(o => o is EndObservation or ErrorObservation);

    public static string Describe(Observation? o) => o switch
    {
        EndObservation e => e.Reason,
        ErrorObservation e => $"error ({e.Kind}{(e.Status is { } s ? $", status {s}" : "")}){(string.IsNullOrEmpty(e.Message) ? "" : $": {Short(e.Message, 120)}")}",
        null => "no end or error",
        _ => o.GetType().Name,
    };

    public static string Short(string s, int max = 80) => s.Length <= max ? s : s[..max] + "…";
}
