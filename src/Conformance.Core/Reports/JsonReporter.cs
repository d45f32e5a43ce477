using System.Text;
using Conformance.Core.Results;

namespace Conformance.Core.Reports;

/// <summary>results.json: the run as <see cref="ResultsJson"/> writes it (docs/results-format.md). The source the other formats are rendered from.</summary>
public sealed class JsonReporter : IReporter
{
    public string Name => "json";
    public string FileName => "results.json";

    public void Write(RunResult run, Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var bytes = new UTF8Encoding(false).GetBytes(ResultsJson.Serialize(run).ReplaceLineEndings("\n") + "\n");
        output.Write(bytes);
    }
}
