using Conformance.Core.Scoring;

namespace Conformance.Core.Gating;

/// <summary>One client × case × rule verdict that matters to the gate; <see cref="BaselineReason"/> is set when a baseline entry accepts it.</summary>
public sealed record GateItem(string Client, string Case, string Rule, Verdict Verdict, string Reason, string? BaselineReason = null)
{
    public override string ToString() => $"{Client} {Case} › {Rule}: {Verdict.Label()}";
}
