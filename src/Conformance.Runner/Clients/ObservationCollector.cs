using Conformance.Core.Observations;

namespace Conformance.Runner.Clients;

/// <summary>Applies the contract's ordering rules to observation lines as they arrive, collecting faults.</summary>
public sealed class ObservationCollector
{
    private readonly List<Observation> _observations = [];
    private readonly List<string> _faults = [];
    private bool _finished;
    private bool _greeted;

    public IReadOnlyList<Observation> Observations => _observations;
    public IReadOnlyList<string> Faults => _faults;

    public void AddLine(string line, double atMs)
    {
        if (string.IsNullOrWhiteSpace(line)) return;
        // An adapter that always greets opens its output with its hello line: not an observation.
        if (_observations.Count == 0 && _faults.Count == 0 && !_greeted && AdapterHandshake.Parse(line) is not null) { _greeted = true; return; }
        var (observation, fault) = ObservationParser.Parse(line, atMs);
        if (fault is not null) { _faults.Add(fault); return; }
        Add(observation!);
    }

    public void Add(Observation observation)
    {
        if (_finished)
        {
            _faults.Add($"observation after the final end/error: {observation.GetType().Name.Replace("Observation", "").ToLowerInvariant()}");
            return;
        }
        _observations.Add(observation);
        if (observation is EndObservation or ErrorObservation) _finished = true;
    }

    /// <summary>The faults, plus "no final end/error" if the run did not finish properly.</summary>
    public IReadOnlyList<string> FinalFaults() =>
        _finished ? _faults : [.. _faults, "no final end or error observation"];
}
