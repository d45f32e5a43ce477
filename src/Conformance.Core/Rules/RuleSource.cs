namespace Conformance.Core.Rules;

/// <summary>
/// Where a rule comes from: a seed document (file name under shared/seeds/) or the WHATWG HTML
/// standard's "event stream interpretation" section (<see cref="Whatwg"/>), with a short quote.
/// </summary>
public sealed record RuleSource(string Document, string Quote)
{
    public const string Whatwg = "whatwg-html#event-stream-interpretation";
}
