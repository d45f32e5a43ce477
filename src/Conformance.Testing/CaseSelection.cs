namespace Conformance.Testing;

/// <summary>
/// Which cases a suite enumerates, and how they are judged. Filters narrow the catalogue (a case outside them is not a
/// test at all); <see cref="Client"/> decides which of the rest are NOT RUN (Ignored with the reason). Unknown API,
/// family, rule or feature names are errors, so a typo cannot silently select nothing.
/// </summary>
public sealed record CaseSelection
{
    /// <summary>The client under test and its capabilities.</summary>
    public required ClientDeclaration Client { get; init; }

    /// <summary>Only scenarios of these APIs (dialect names); null: every API.</summary>
    public IReadOnlyList<string>? Apis { get; init; }

    /// <summary>Only scenarios of these families (the folders of scenarios/: <c>encoding</c>, <c>framing</c>, …); null: every family.</summary>
    public IReadOnlyList<string>? Families { get; init; }

    /// <summary>Only scenarios that cite at least one of these rules; null: any rule.</summary>
    public IReadOnlyList<string>? Rules { get; init; }

    /// <summary>Only scenario ids matching this glob list (<c>run --filter</c> syntax: <c>*</c>, <c>?</c>, comma-separated); null: all.</summary>
    public string? Scenarios { get; init; }

    /// <summary>Verdicts the client is known to get; their cases assert that they still happen.</summary>
    public IReadOnlyList<KnownFinding> KnownFindings { get; init; } = [];

    /// <summary>
    /// Whether a missed SHOULD (NON-STRICT) that is not a known finding fails the case. False, as the CLI's gate: a
    /// NON-STRICT passes and is written to the test's output. True makes every deviation a finding to triage.
    /// </summary>
    public bool NonStrictFails { get; init; }

    /// <summary>The rule profile (<c>openai</c>, <c>whatwg</c>, <c>anthropic</c>, …: <c>conformance rules</c> lists them).</summary>
    public string Profile { get; init; } = "openai";
}
