namespace Conformance.Testing;

/// <summary>One rule's verdict on a case, as the reports spell it.</summary>
/// <param name="RuleId">The rule id (<c>sse.utf8.split</c>).</param>
/// <param name="Level">The rule's level: <c>MUST</c>, <c>SHOULD</c> or <c>INFO</c>.</param>
/// <param name="Verdict"><c>PASS</c>, <c>NON-STRICT</c>, <c>FAIL</c>, <c>INFO</c>, <c>SKIPPED</c>, <c>ADAPTER-ERROR</c>, <c>TIMEOUT</c> or <c>NOT RUN</c>.</param>
/// <param name="Reason">Why, with the values compared.</param>
/// <param name="Expected">What a correct client shows, when the check says.</param>
/// <param name="Observed">What this client showed, when the check says.</param>
/// <param name="Evidence">Where on the wire (write numbers, body byte ranges, times).</param>
public sealed record RuleOutcome(string RuleId, string Level, string Verdict, string Reason, string? Expected, string? Observed, string? Evidence);
