using System.Text;
using Conformance.Core.Scoring;
using static Conformance.Lint.Checks.LintVerdicts;
using R = Conformance.Lint.Rules.ServerRules;

namespace Conformance.Lint.Checks;

/// <summary>The SSE framing of the body: every event closed by a blank line, one line-ending style (rules server.sse.*).</summary>
public static class FramingChecks
{
    public static RuleVerdict BlankLine(StreamFacts f)
    {
        var events = f.Scan.Events;
        if (events.Count == 0) return Miss(R.BlankLine, $"the body holds no event ({f.Body.Length} bytes){f.OffsetNote}", "at least one event", "none");
        var open = events.FirstOrDefault(e => !e.Terminated);
        if (open is null) return Pass(R.BlankLine, $"all {events.Count} events end with a blank line");
        var text = Encoding.UTF8.GetString(f.Body.AsSpan(open.Start, open.End - open.Start));
        return Miss(R.BlankLine, $"event #{open.Index + 1} at {open.Range} is not closed by a blank line, so a WHATWG parser never dispatches it: \"{Show(text)}\"{f.OffsetNote}",
            "a blank line after the event", "end of body", open.Range);
    }

    public static RuleVerdict LineEndings(StreamFacts f)
    {
        var lines = f.Scan.Lines.Where(l => l.Ending != "").ToList();
        if (lines.Count == 0) return Skip(R.LineEndings, "the body has no complete line");
        var first = lines[0];
        var bareCr = lines.FirstOrDefault(l => l.Ending == "cr");
        if (bareCr is not null)
            return Miss(R.LineEndings, $"line {lines.IndexOf(bareCr) + 1} at bytes {bareCr.Start}–{bareCr.Next - 1} ends in a bare CR: SDKs that split events on \\n\\n or \\r\\n\\r\\n never see this event end{f.OffsetNote}",
                "LF or CRLF", "CR", $"bytes {bareCr.End}–{bareCr.Next - 1}");
        var other = lines.FirstOrDefault(l => l.Ending != first.Ending);
        var counts = string.Join(", ", lines.GroupBy(l => l.Ending).Select(g => $"{g.Count()} {g.Key.ToUpperInvariant()}"));
        if (other is null) return Pass(R.LineEndings, $"all {lines.Count} lines end in {first.Ending.ToUpperInvariant()}");
        return Miss(R.LineEndings, $"the stream mixes line endings ({counts}): line 1 ends in {first.Ending.ToUpperInvariant()}, line {lines.IndexOf(other) + 1} at bytes {other.Start}–{other.Next - 1} in {other.Ending.ToUpperInvariant()}{f.OffsetNote}",
            first.Ending.ToUpperInvariant() + " throughout", counts, $"bytes {other.End}–{other.Next - 1}");
    }
}
