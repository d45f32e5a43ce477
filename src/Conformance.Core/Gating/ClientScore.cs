namespace Conformance.Core.Gating;

/// <summary>
/// A client's score: the share of applicable MUST rules passed. Applicable = PASS + FAIL + ADAPTER-ERROR
/// + TIMEOUT verdicts on MUST rules (SKIPPED is not applicable). With nothing applicable the score is 1.
/// </summary>
public sealed record ClientScore(string Client, int Passed, int Applicable)
{
    public double Score => Applicable == 0 ? 1.0 : (double)Passed / Applicable;

    /// <summary>"87.5% (7/8 MUST)".</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Score * 100:0.#}% ({Passed}/{Applicable} MUST)");
}
