using Conformance.Core.Results;

namespace Conformance.Core.Reports;

/// <summary>
/// Renders a run into one report file. Every reporter renders from the same <see cref="RunResult"/>
/// (the document results.json holds), so the formats never disagree.
/// </summary>
public interface IReporter
{
    /// <summary>Stable name used on the command line (--format json,junit,…).</summary>
    string Name { get; }

    /// <summary>File name inside the report folder, e.g. <c>junit.xml</c>.</summary>
    string FileName { get; }

    /// <summary>Writes the report; leaves <paramref name="output"/> open.</summary>
    void Write(RunResult run, Stream output);
}
