using Conformance.Core.Journal;
using Conformance.Core.Observations;
using Conformance.Core.Scoring;

namespace Conformance.Core.Results;

/// <summary>Everything about one client × case: what was expected, what the client reported, what went over the wire, and the verdicts.</summary>
public sealed record CaseResult
{
    public required string Client { get; init; }
    public required string CaseId { get; init; }
    public required string ScenarioId { get; init; }
    public required string Family { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required string Api { get; init; }
    public required Expectation Expectation { get; init; }
    public required IReadOnlyList<Observation> Observations { get; init; }
    public IReadOnlyList<string> Faults { get; init; } = [];
    public string Stderr { get; init; } = "";
    public bool TimedOut { get; init; }
    public int? ExitCode { get; init; }
    public required double DurationMs { get; init; }
    /// <summary>The harness's own time for the case beyond the client's run: allocating the case, waiting for the journal, scoring.</summary>
    public double HarnessMs { get; init; }
    public string CommandLine { get; init; } = "";
    /// <summary>The server's transcript of the case: requests, bytes as sent with write boundaries, times, how each response ended.</summary>
    public required CaseJournal Journal { get; init; }
    public required IReadOnlyList<RuleVerdict> Verdicts { get; init; }
    /// <summary>What results.json left out of this case to stay bounded (<see cref="ReportBounds"/>), one line each; null (absent) when nothing was.</summary>
    public IReadOnlyList<string>? Elided { get; init; }
    /// <summary>Extra artefacts by name (a browser screenshot as a data URI, the console log).</summary>
    public IReadOnlyDictionary<string, string> Attachments { get; init; } = new Dictionary<string, string>();
}
