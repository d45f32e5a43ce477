using Conformance.Core.Dialects;

namespace Conformance.Core.Rules;

/// <summary>
/// The dialect a client claims. Where the seed documents disagree, the profile decides; where a
/// profile is silent (null), a case that depends on the point is SKIPPED with the reason, never a
/// false FAIL. The scorer finds "depends on" by deriving the expectation both ways and comparing.
/// </summary>
public sealed record Profile
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    /// <summary>The documents the profile is read from.</summary>
    public required IReadOnlyList<string> Sources { get; init; }
    /// <summary>The dialect names (<see cref="IDialect.Name"/>) whose streams the profile speaks about; other cases are SKIPPED. Null: every dialect.</summary>
    public IReadOnlySet<string>? Apis { get; init; }

    public bool Covers(IDialect dialect) => Apis is null || Apis.Contains(dialect.Name);
    /// <summary>A lone CR ends a line (WHATWG). Null: the profile only speaks of \n / \r\n.</summary>
    public bool? BareCrEndsLine { get; init; }
    /// <summary>One leading U+FEFF is skipped (WHATWG). Null: not addressed.</summary>
    public bool? SkipsLeadingBom { get; init; }
    /// <summary>A final event without its blank line: dispatched at EOF (true, Bastion) or discarded (false, WHATWG). Null: not addressed.</summary>
    public bool? FlushesTrailingEvent { get; init; }
    /// <summary>Non-JSON data payloads: dropped silently (true). Null: not addressed.</summary>
    public bool? DropsNonJsonData { get; init; }
    /// <summary>Error events inside a 200 stream (<c>data: {"error":…}</c>, <c>event: error</c>) are raised (true). Null: the dialect never sends them.</summary>
    public bool? RaisesEmbeddedErrors { get; init; }
}
