namespace Conformance.Core.Scenarios;

/// <summary>Collects every error of one file.</summary>
internal sealed class ParseContext(string file)
{
    private readonly List<ScenarioError> _errors = [];

    public string File { get; } = file;

    public IReadOnlyList<ScenarioError> Errors => _errors;

    public ApiKind? Api { get; set; }

    public void Error(string path, string message) => _errors.Add(new ScenarioError(File, path, message));
}
