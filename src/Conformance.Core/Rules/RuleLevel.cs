namespace Conformance.Core.Rules;

/// <summary>RFC 2119 strength: a missed MUST is a FAIL, a missed SHOULD is NON-STRICT, INFO is reported only.</summary>
public enum RuleLevel { Must, Should, Info }
