namespace Conformance.Core.Rules;

/// <summary>
/// Where a rule comes from: a seed document (file name under shared/seeds/), a public reference page by its
/// <c>https://</c> URL (the OpenAI API reference, Anthropic's streaming docs, an RFC: the server-side rules cite
/// what vendors are held to), or a section of the WHATWG HTML standard's server-sent events chapter (<see cref="WhatwgSections"/>: "event stream interpretation",
/// <see cref="Whatwg"/>, for parsing; the EventSource interface and processing model for reconnection), with a short quote.
/// </summary>
public sealed record RuleSource(string Document, string Quote)
{
    public const string Whatwg = "whatwg-html#event-stream-interpretation";

    /// <summary>
    /// The sections of https://html.spec.whatwg.org/multipage/server-sent-events.html a rule may cite, by their anchors.
    /// Their quotes are not verified (the standard is not among the seeds).
    /// </summary>
    public static IReadOnlyList<string> WhatwgSections { get; } =
    [
        Whatwg,
        "whatwg-html#server-sent-events-intro",
        "whatwg-html#the-eventsource-interface",
        "whatwg-html#sse-processing-model",
        "whatwg-html#the-last-event-id-header",
        "whatwg-html#parsing-an-event-stream",
    ];

    public static bool IsWhatwg(string document) => WhatwgSections.Contains(document, StringComparer.Ordinal);

    /// <summary>A public page cited by its https URL. Its quote is not verified either: the page is not among the seeds.</summary>
    public static bool IsUrl(string document) =>
        document.StartsWith("https://", StringComparison.Ordinal) && Uri.TryCreate(document, UriKind.Absolute, out var u) && u.Host.Contains('.', StringComparison.Ordinal);

    /// <summary>A document whose quote <see cref="RuleCatalog.VerifyQuotes"/> cannot check (not a seed).</summary>
    public static bool IsExternal(string document) => IsWhatwg(document) || IsUrl(document);
}
