namespace Conformance.Testing;

/// <summary>
/// A verdict the client is known to get on one case and rule (a triaged finding, a known failure): the case asserts that
/// it still happens. A known finding that no longer reproduces fails the case, saying so, so a fixed bug cannot hide
/// behind a stale entry.
/// </summary>
/// <param name="ScenarioId">The scenario (case) id.</param>
/// <param name="RuleId">The rule id.</param>
/// <param name="Verdict">The verdict as reports spell it: <c>FAIL</c>, <c>NON-STRICT</c>, <c>INFO</c>, <c>TIMEOUT</c>, <c>ADAPTER-ERROR</c>.</param>
/// <param name="Reason">Why it is accepted (shown when it reproduces, and when it does not).</param>
public sealed record KnownFinding(string ScenarioId, string RuleId, string Verdict, string Reason);
