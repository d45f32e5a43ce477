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
    /// <summary>A non-JSON <c>data:</c> payload the dialect drops, yielded.</summary>
    public const string NonJson = "non-json";
    /// <summary>An event sent after the terminator (<c>[DONE]</c>, <c>message_stop</c>), yielded.</summary>
    public const string AfterTerminator = "after-terminator";
    /// <summary>The terminator itself yielded as content (a <c>[DONE]</c> token).</summary>
    public const string Terminator = "terminator";
    /// <summary>Matches nothing the stream carried: an invented or garbled chunk.</summary>
    public const string Unexplained = "unexplained";

    public static IReadOnlyList<string> All { get; } = [Ping, Comment, NonJson, AfterTerminator, Terminator, Unexplained];

    public static string Describe(string kind) => kind switch
    {
        Ping => "a ping event",
        Comment => "a comment or heartbeat",
        NonJson => "non-JSON data the dialect drops",
        AfterTerminator => "an event sent after the terminator",
        Terminator => "the terminator itself",
        _ => "not an event the stream carried (invented or garbled)",
    };
}
