using System.Text.Json;
using Conformance.Core.Capabilities;
using Conformance.Core.Journal;
using Conformance.Core.Observations;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;

namespace Conformance.Core.Scoring;

/// <summary>Everything a check may look at for one case.</summary>
public sealed record ScoringInput
{
    public required Scenario Scenario { get; init; }
    public required Expectation Expectation { get; init; }
    public required IReadOnlyList<Observation> Observations { get; init; }
    public required CaseJournal Journal { get; init; }
    /// <summary>What the client declared it can do (features, observation level).</summary>
    public ClientCapabilities Capabilities { get; init; } = ClientCapabilities.Everything;
    /// <summary>Every rule the case is scored on: a check charges a deviation to the rule about it, not to all of them.</summary>
    public IReadOnlyList<Rule> CaseRules { get; init; } = [];
    /// <summary>When the client was started and gone, if the driver knows (a cancel check tells "cancelling closed it" from "the exit closed it").</summary>
    public ClientLifetime? Lifetime { get; init; }

    public IEnumerable<ChunkObservation> Chunks => Observations.OfType<ChunkObservation>();

    /// <summary>The final observation (end or error), if any.</summary>
    public Observation? Final => Observations.LastOrDefault(o => o is EndObservation or ErrorObservation);

    /// <summary>The level the client reports at: as declared, else text when it yields string chunks, else objects.</summary>
    public ObservationLevel Level => Capabilities.Observes
        ?? (Chunks.Any(c => c.Data.ValueKind == JsonValueKind.String) ? ObservationLevel.Text : ObservationLevel.Objects);

    /// <summary>Whether another rule of this case (not <paramref name="self"/>) judges extra chunks of <paramref name="kind"/>.</summary>
    public bool ChargedElsewhere(string kind, Rule? self) => CaseRules.Any(r => r.Id != self?.Id && r.JudgesPhantom(kind));

    public static string Describe(Observation? o) => o switch
    {
        EndObservation e => e.Reason,
        ErrorObservation e => $"error ({e.Kind}{(e.Status is { } s ? $", status {s}" : "")}{(e.ErrorType is { } t ? $", type {t}" : "")}){(string.IsNullOrEmpty(e.Message) ? "" : $": {Short(e.Message, 120)}")}",
        null => "no end or error",
        _ => o.GetType().Name,
    };

    public static string Short(string s, int max = 80) => s.Length <= max ? s : s[..max] + "…";
}
