namespace Conformance.Core.Rules;

/// <summary>One documented rule a client is scored on.</summary>
public sealed record Rule
{
    /// <summary>Stable dotted id, e.g. <c>sse.utf8.split</c>.</summary>
    public required string Id { get; init; }
    /// <summary>One sentence: what a correct client does.</summary>
    public required string Says { get; init; }
    public required RuleLevel Level { get; init; }
    public required RuleSource Source { get; init; }
    /// <summary>Which check evaluates it (one of <see cref="CheckKinds.All"/>).</summary>
    public required string Check { get; init; }
    /// <summary>
    /// For a <c>no-phantom</c> rule: the kinds of extra chunk it judges (<see cref="Scoring.PhantomKinds"/>).
    /// Empty means every kind.
    /// </summary>
    public IReadOnlyList<string> Phantoms { get; init; } = [];
    /// <summary>
    /// The forms of line or chunk the rule is about (<see cref="Scoring.WireForms"/>): its evidence lies where the stream
    /// carries them, so a client that dies later is judged on them, and one that dies at one is charged to this rule.
    /// </summary>
    public IReadOnlyList<string> Forms { get; init; } = [];

    /// <summary>Whether this rule judges an extra chunk of <paramref name="kind"/>.</summary>
    public bool JudgesPhantom(string kind) => Check == CheckKinds.NoPhantom && (Phantoms.Count == 0 || Phantoms.Contains(kind));
}
