namespace Conformance.Core.Sse;

/// <summary>The points on which SSE dialects differ (see <see cref="Rules.Profile"/>).</summary>
public sealed record SseParseOptions(bool BareCrEndsLine, bool SkipLeadingBom, bool FlushTrailingEvent)
{
    /// <summary>The WHATWG HTML algorithm.</summary>
    public static SseParseOptions Whatwg { get; } = new(true, true, false);
}
