using Conformance.Core.Dialects;

namespace Conformance.Core.Scenarios;

/// <summary>Collects every error of one file.</summary>
public sealed class ParseContext(string file)
{
    private readonly List<ScenarioError> _errors = [];

    public string File { get; } = file;

    public IReadOnlyList<ScenarioError> Errors => _errors;

    /// <summary>The scenario's dialect, once its <c>api</c> has been read (null when missing or unknown).</summary>
    public IDialect? Api { get; set; }

    /// <summary>
    /// False once an error leaves the scenario unfit to compile. Errors raised with <c>blocksCompile: false</c>
    /// (e.g. unsorted split offsets) keep it compilable, so the checks that need the compiled body still run
    /// and the file's every error is reported at once.
    /// </summary>
    public bool Compilable { get; private set; } = true;

    public void Error(string path, string message, bool blocksCompile = true)
    {
        _errors.Add(new ScenarioError(File, path, message));
        if (blocksCompile) Compilable = false;
    }
}
