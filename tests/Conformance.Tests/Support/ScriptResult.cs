namespace Conformance.Tests.Support;

/// <summary>One finished script: the command line as run, its exit code, stdout and stderr.</summary>
internal sealed record ScriptResult(string Command, int Code, string Out, string Err)
{
    public string Describe() => $"{Command} → exit {Code}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}
