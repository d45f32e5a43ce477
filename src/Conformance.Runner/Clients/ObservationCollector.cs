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

    /// <summary>
    /// The bytes after stdout's last newline, when the output closed in the middle of a line. A line that is the start
    /// of an observation cut short is diagnosed: the adapter most likely exited before its output drained (a pipe takes
    /// 64 KiB at a time; node's <c>process.exit()</c> drops the rest of a pending write). Anything else is judged as a line.
    /// </summary>
    /// <param name="line">The unfinished line, decoded.</param>
    /// <param name="lineBytes">Its length in bytes.</param>
    /// <param name="stdoutBytes">All stdout bytes read, this line included.</param>
    /// <param name="atMs">When stdout closed.</param>
    /// <param name="killed">The runner killed the client (timeout, interrupt): the cut is its doing, not the adapter's.</param>
    public void AddUnterminatedLine(string line, int lineBytes, long stdoutBytes, double atMs, bool killed)
    {
        var before = _faults.Count;
        AddLine(line, atMs);
        if (_faults.Count == before || !ObservationParser.IsCutOffObject(line)) return;
        _faults[^1] = killed
            ? $"stdout was cut off in the middle of a line when the client was killed: the last line stops after {lineBytes} bytes, before the end of its JSON"
            : CutOffLineFault(lineBytes, stdoutBytes);
    }

    /// <summary>Pipes move data in 4096-byte pages and hold 64 KiB; a write cut by the writer's exit ends on such a boundary.</summary>
    public const int PipePageBytes = 4096;

    internal static string CutOffLineFault(int lineBytes, long stdoutBytes)
    {
        var size = lineBytes % 1024 == 0 ? $"{lineBytes} bytes ({lineBytes / 1024} KiB)" : $"{lineBytes} bytes";
        var pipe = lineBytes % PipePageBytes == 0 || stdoutBytes % PipePageBytes == 0
            ? $", a multiple of the {PipePageBytes}-byte pipe page,"
            : "";
        return $"stdout ended in the middle of a line: the last line stops after {size}{pipe} without the end of its JSON or a newline, "
               + "when the adapter exited. The adapter most likely exited before its output drained (node: process.exit() right after "
               + "process.stdout.write drops what the pipe has not taken yet). Fix: end with process.stdout.write(\"\", () => process.exit(0)), "
               + "or set process.exitCode and return (docs/adapter-protocol.md, Pitfalls)";
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
