using Conformance.Core.Scoring;
using Conformance.Core.Observations;

namespace Conformance.Runner.Clients;

/// <summary>
/// What one run of a client produced. Faults are adapter-contract violations (non-zero exit, a line
/// that is not an observation, no final end/error); a timed-out client was killed with its process group.
/// </summary>
public sealed record ClientRun
{
    public required IReadOnlyList<Observation> Observations { get; init; }
    public required IReadOnlyList<string> Faults { get; init; }
    public bool TimedOut { get; init; }
    public int? ExitCode { get; init; }
    public string Stderr { get; init; } = "";
    public required double DurationMs { get; init; }
    /// <summary>Wall clock when the client was started and when it was gone (process exited, page closed): a cancel check compares the connection's close with it.</summary>
    public ClientLifetime? Lifetime { get; init; }
    /// <summary>The exact command line that was run, for reproduction.</summary>
    public string CommandLine { get; init; } = "";
    /// <summary>Extra artefacts (a browser screenshot, console log) by name.</summary>
    public IReadOnlyDictionary<string, string> Attachments { get; init; } = new Dictionary<string, string>();
}
