using Conformance.Core.Dialects;

namespace Conformance.Core.Scenarios;

/// <summary>
/// One conformance case as written in <c>scenarios/&lt;family&gt;/&lt;id&gt;.json</c>: who it is, the API it
/// answers, what the client under test is told, and the responses it gets, attempt by attempt.
/// A scenario is pure data; it never runs code.
/// </summary>
public sealed record Scenario
{
    /// <summary>Stable dotted id, e.g. <c>framing.crlf.split-between-cr-and-lf</c>; its first segment is the family.</summary>
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>What a correct client does.</summary>
    public required string Description { get; init; }

    /// <summary>Dotted rule ids this scenario proves (e.g. <c>sse.framing.crlf</c>).</summary>
    public required IReadOnlyList<string> Rules { get; init; }

    /// <summary>The streaming API it answers (the file's <c>api</c>), found by name in <see cref="DialectCatalog"/>.</summary>
    public required IDialect Api { get; init; }

    /// <summary>The folder under <c>scenarios/</c> (equal to the first segment of <see cref="Id"/>).</summary>
    public required string Family { get; init; }

    /// <summary>The file it was loaded from, when it came from disk.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Responses for the 1st, 2nd, ... request of one case; later attempts repeat the last.</summary>
    public required IReadOnlyList<ResponseSpec> Responses { get; init; }

    /// <summary>Settings the runner passes to the client under test. Never null.</summary>
    public ClientSettings Client { get; init; } = ClientSettings.None;
}
