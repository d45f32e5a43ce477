namespace Conformance.Core.Scenarios;

/// <summary>One problem in a scenario file: where (file and JSON path) and what is wrong.</summary>
public sealed record ScenarioError(string File, string JsonPath, string Message)
{
    public override string ToString() => $"{File}: {JsonPath}: {Message}";
}
