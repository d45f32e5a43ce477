namespace Conformance.Core.Scoring;

/// <summary>
/// What an extra chunk (one no event of the stream accounts for) turned out to be. A rule with check
/// <c>no-phantom</c> names the kinds it judges (rules.json <c>"phantoms"</c>); an extra chunk of a kind
/// some rule of the case judges is charged to that rule alone, and the other rules judge the rest.
/// </summary>
public static class PhantomKinds
{
    /// <summary>An Anthropic <c>ping</c> event yielded as content.</summary>
    public const string Ping = "ping";
    /// <summary>A comment or heartbeat line yielded as a token (<c>: keep-alive</c>).</summary>
    public const string Comment = "comment";
    /// <summary>A block with no data (<c>event: ping</c> alone, <c>id:</c> alone), which a WHATWG parser never dispatches, yielded.</summary>
    public const string NoData = "no-data";
    /// <summary>A non-JSON <c>data:</c> payload the dialect drops, yielded.</summary>
    public const string NonJson = "non-json";
    /// <summary>An event sent after the terminator (<c>[DONE]</c>, <c>message_stop</c>), yielded.</summary>
    public const string AfterTerminator = "after-terminator";
    /// <summary>The terminator itself yielded as content (a <c>[DONE]</c> token).</summary>
    public const string Terminator = "terminator";
    /// <summary>
    /// A payload nested deeper than a default JSON parser allows (<see cref="Text.JsonDepth.DefaultParserLimit"/>),
    /// yielded. A client may parse it or drop it as unparseable (RFC 8259 §9: "An implementation may set limits on
    /// the maximum depth of nesting"); the harness reports a yielded one in a placeholder, never the tree itself.
    /// </summary>
    public const string TooDeep = "too-deep";
    /// <summary>Matches nothing the stream carried: an invented or garbled chunk.</summary>
    public const string Unexplained = "unexplained";

    public static IReadOnlyList<string> All { get; } = [Ping, Comment, NoData, NonJson, TooDeep, AfterTerminator, Terminator, Unexplained];

    /// <summary>
    /// Kinds a correct client passes over mid-stream without a word, so a client that fails right at one
    /// of them failed on it (see <see cref="Checks.NoPhantomCheck"/>). The terminator and what follows it
    /// are not among them: failing there is llm.done.sentinel's business.
    /// </summary>
    public static IReadOnlyList<string> SkippedMidStream { get; } = [Ping, Comment, NoData, NonJson, TooDeep];

    public static string Describe(string kind) => kind switch
    {
        Ping => "a ping event",
        Comment => "a comment or heartbeat",
        NoData => "a block with no data (never dispatched)",
        NonJson => "non-JSON data the dialect drops",
        TooDeep => $"a payload nested deeper than {Text.JsonDepth.DefaultParserLimit} levels (which a client may parse or drop)",
        AfterTerminator => "an event sent after the terminator",
        Terminator => "the terminator itself",
        _ => "not an event the stream carried (invented or garbled)",
    };
}
