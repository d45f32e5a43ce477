namespace Conformance.Core.Scoring;

public enum Verdict
{
    Pass,
    /// <summary>A SHOULD rule was missed.</summary>
    NonStrict,
    /// <summary>A MUST rule was missed.</summary>
    Fail,
    /// <summary>The profile does not define the expectation (or the case cannot exercise the rule); the reason says why.</summary>
    Skipped,
    /// <summary>The adapter broke its contract (non-zero exit, non-JSON output, no final line).</summary>
    AdapterError,
    /// <summary>The client was still running at the case timeout and was killed.</summary>
    Timeout,
}

public static class Verdicts
{
    /// <summary>The report spelling: PASS, NON-STRICT, FAIL, SKIPPED, ADAPTER-ERROR, TIMEOUT.</summary>
    public static string Label(this Verdict v) => v switch
    {
        Verdict.Pass => "PASS",
        Verdict.NonStrict => "NON-STRICT",
        Verdict.Fail => "FAIL",
        Verdict.Skipped => "SKIPPED",
        Verdict.AdapterError => "ADAPTER-ERROR",
        Verdict.Timeout => "TIMEOUT",
        _ => v.ToString(),
    };
}
