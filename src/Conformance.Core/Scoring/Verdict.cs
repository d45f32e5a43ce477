namespace Conformance.Core.Scoring;

public enum Verdict
{
    Pass,
    /// <summary>A SHOULD rule was missed.</summary>
    NonStrict,
    /// <summary>A MUST rule was missed.</summary>
    Fail,
    /// <summary>An INFO rule was not met: reported where everyone sees it, never a failure, outside every score.</summary>
    Info,
    /// <summary>The profile does not define the expectation, the client does not report the evidence, or a deviation kept the case from reaching the rule; the reason says which.</summary>
    Skipped,
    /// <summary>The adapter broke its contract (non-zero exit, non-JSON output, no final line).</summary>
    AdapterError,
    /// <summary>The client was still running at the case timeout and was killed.</summary>
    Timeout,
    /// <summary>The case needs something the client declares it cannot do (an API, a feature): never run, not scored.</summary>
    NotRun,
}

/// <summary>How a case as a whole came out: the worst of its rule verdicts, by <see cref="Verdicts.Severity"/>.</summary>
public enum CaseOutcome { Failed, NonStrict, Info, Passed, Skipped, NotRun }

/// <summary>
/// The one definition of verdict severity. Every report, the progress line, the gate and the
/// expected-failures check ask here, so a case with FAIL and SKIPPED verdicts is failed everywhere.
/// </summary>
public static class Verdicts
{
    /// <summary>
    /// Worst first: a broken adapter or a hung client tells nothing, so it outranks a FAIL; an INFO rule not met is
    /// worth seeing above a PASS, below a missed SHOULD; NOT RUN is the least.
    /// </summary>
    public static IReadOnlyList<Verdict> BySeverity { get; } =
        [Verdict.AdapterError, Verdict.Timeout, Verdict.Fail, Verdict.NonStrict, Verdict.Info, Verdict.Pass, Verdict.Skipped, Verdict.NotRun];

    /// <summary>Higher is worse.</summary>
    public static int Severity(this Verdict v) => BySeverity.Count - 1 - IndexOf(v);

    /// <summary>A verdict that says the client broke something: FAIL, ADAPTER-ERROR, TIMEOUT.</summary>
    public static bool IsFailure(this Verdict v) => v is Verdict.Fail or Verdict.AdapterError or Verdict.Timeout;

    /// <summary>A verdict that judged the client (PASS, NON-STRICT, INFO or a failure), as opposed to SKIPPED and NOT RUN.</summary>
    public static bool IsScored(this Verdict v) => v is not (Verdict.Skipped or Verdict.NotRun);

    /// <summary>The worst verdict of a set, or null for none.</summary>
    public static Verdict? Worst(IEnumerable<Verdict> verdicts)
    {
        Verdict? worst = null;
        foreach (var v in verdicts)
            if (worst is null || v.Severity() > worst.Value.Severity()) worst = v;
        return worst;
    }

    public static CaseOutcome Outcome(IEnumerable<Verdict> verdicts) => Worst(verdicts) switch
    {
        null or Verdict.NotRun => CaseOutcome.NotRun,
        { } v when v.IsFailure() => CaseOutcome.Failed,
        Verdict.NonStrict => CaseOutcome.NonStrict,
        Verdict.Info => CaseOutcome.Info,
        Verdict.Skipped => CaseOutcome.Skipped,
        _ => CaseOutcome.Passed,
    };

    /// <summary>The report spelling: PASS, NON-STRICT, FAIL, INFO, SKIPPED, ADAPTER-ERROR, TIMEOUT, NOT RUN.</summary>
    public static string Label(this Verdict v) => v switch
    {
        Verdict.Pass => "PASS",
        Verdict.NonStrict => "NON-STRICT",
        Verdict.Fail => "FAIL",
        Verdict.Info => "INFO",
        Verdict.Skipped => "SKIPPED",
        Verdict.AdapterError => "ADAPTER-ERROR",
        Verdict.Timeout => "TIMEOUT",
        Verdict.NotRun => "NOT RUN",
        _ => v.ToString(),
    };

    private static int IndexOf(Verdict v)
    {
        for (var i = 0; i < BySeverity.Count; i++) if (BySeverity[i] == v) return i;
        throw new ArgumentOutOfRangeException(nameof(v), v, "unknown verdict");
    }
}
