using System.Globalization;
using System.Text;
using Conformance.Core.Observations;
using Conformance.Core.Results;
using Conformance.Core.Scoring;

namespace Conformance.Core.Reports;

/// <summary>Text helpers shared by the reporters: visible invisibles, XML-safe text, one-line reasons, case outcomes.</summary>
public static class ReportText
{
    /// <summary>The verdict a matrix cell shows for a case: the worst of its rule verdicts (<see cref="Verdicts.Worst"/>).</summary>
    public static Verdict? CaseVerdict(CaseResult c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return Verdicts.Worst(c.Verdicts.Select(v => v.Verdict));
    }

    /// <summary>
    /// A client's NOT RUN cases grouped by reason, most first: "not run: 22 cases — client does not speak
    /// anthropic-messages". Every report lists them, so a narrowed run never reads as a full one.
    /// </summary>
    public static IReadOnlyList<string> NotRunLines(RunResult run, string client)
    {
        ArgumentNullException.ThrowIfNull(run);
        return [.. run.Cases.Where(c => c.Client == client && c.Verdicts.Count > 0 && c.Verdicts.All(v => v.Verdict == Verdict.NotRun))
            .GroupBy(c => c.Verdicts[0].Reason.StartsWith("not run: ", StringComparison.Ordinal) ? c.Verdicts[0].Reason["not run: ".Length..] : c.Verdicts[0].Reason, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"not run: {g.Count()} case{(g.Count() == 1 ? "" : "s")} — {g.Key}")];
    }

    /// <summary>Splits text into literal runs and visible stand-ins for control characters, lone surrogates and U+FFFD.</summary>
    public static IReadOnlyList<TextSegment> Visible(string text)
    {
        var result = new List<TextSegment>();
        var run = new StringBuilder();
        void Flush() { if (run.Length > 0) { result.Add(new(run.ToString(), false)); run.Clear(); } }
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            string? esc = ch switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                '\uFFFD' => "U+FFFD",
                _ when char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) => null,
                _ when char.IsLowSurrogate(ch) && i > 0 && char.IsHighSurrogate(text[i - 1]) => null,
                _ when char.IsSurrogate(ch) => $"\\u{(int)ch:X4}",
                _ when char.IsControl(ch) || ch is '\u2028' or '\u2029' or '\uFEFF' or '\u200B' or '\uFFFE' or '\uFFFF' => $"\\u{(int)ch:X4}",
                _ => null,
            };
            if (esc is null) { run.Append(ch); continue; }
            Flush();
            result.Add(new(esc, true));
            // Keep the line structure readable: a visible \n is followed by a real line break.
            if (ch == '\n') run.Append('\n');
        }
        Flush();
        return result;
    }

    /// <summary>Bytes as sent: valid UTF-8 as text (with <see cref="Visible(string)"/> stand-ins), anything else — such as half of a multi-byte character cut by a write boundary — as \xNN.</summary>
    public static IReadOnlyList<TextSegment> VisibleBytes(ReadOnlySpan<byte> bytes)
    {
        var result = new List<TextSegment>();
        var i = 0;
        var textStart = 0;
        void FlushText(ReadOnlySpan<byte> all, int end)
        {
            if (end > textStart) result.AddRange(Visible(Encoding.UTF8.GetString(all[textStart..end])));
        }
        while (i < bytes.Length)
        {
            var len = Utf8SequenceLength(bytes[i..]);
            if (len > 0) { i += len; continue; }
            FlushText(bytes, i);
            result.Add(new(string.Create(CultureInfo.InvariantCulture, $"\\x{bytes[i]:X2}"), true));
            i++;
            textStart = i;
        }
        FlushText(bytes, i);
        return result;
    }

    /// <summary>Length of the well-formed UTF-8 sequence at the start of <paramref name="b"/>, or 0 if it is malformed or cut short.</summary>
    private static int Utf8SequenceLength(ReadOnlySpan<byte> b)
    {
        var first = b[0];
        int len = first < 0x80 ? 1 : first is >= 0xC2 and <= 0xDF ? 2 : first is >= 0xE0 and <= 0xEF ? 3 : first is >= 0xF0 and <= 0xF4 ? 4 : 0;
        if (len == 0 || b.Length < len) return 0;
        for (var k = 1; k < len; k++) if ((b[k] & 0xC0) != 0x80) return 0;
        return System.Text.Unicode.Utf8.IsValid(b[..len]) ? len : 0;
    }

    /// <summary>Segments flattened to one string (stand-ins inline), for plain-text formats.</summary>
    public static string Flatten(IReadOnlyList<TextSegment> segments) => string.Concat(segments.Select(s => s.Text));

    /// <summary>Text safe for XML 1.0: characters XML cannot carry (NUL, ESC, lone surrogates, U+FFFE/FFFF) become \uXXXX.</summary>
    public static string XmlSafe(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            bool ok;
            if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb?.Append(ch).Append(text[i + 1]);
                i++;
                continue;
            }
            ok = ch is '\t' or '\n' or '\r' || (ch >= 0x20 && ch <= 0xD7FF) || (ch >= 0xE000 && ch <= 0xFFFD);
            if (ok) { sb?.Append(ch); continue; }
            sb ??= new StringBuilder(text, 0, i, text.Length + 16);
            sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)ch:X4}");
        }
        return sb?.ToString() ?? text;
    }

    /// <summary>The first line of a reason, with invisible characters made visible, cut to <paramref name="max"/> characters.</summary>
    public static string OneLine(string? text, int max = 160)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var line = text.Split('\n')[0].TrimEnd('\r').Trim();
        line = Flatten(Visible(line));
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }

    /// <summary>Cuts text to <paramref name="max"/> characters, saying how much was left out.</summary>
    public static string Cap(string text, int max, out bool cut)
    {
        cut = text.Length > max;
        return cut ? text[..max] : text;
    }

    /// <summary>What the client assembled: its message content, or a note when it reported none.</summary>
    public static string? ObservedText(CaseResult c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var message = c.Observations.OfType<MessageObservation>().LastOrDefault();
        return message?.Content;
    }

    /// <summary>How the client's run ended, from its observations: "end: done", "error: http 500 …", or "no end reported".</summary>
    public static string ObservedOutcome(CaseResult c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.TimedOut) return "timed out (killed)";
        var last = c.Observations.LastOrDefault(o => o is EndObservation or ErrorObservation);
        return last switch
        {
            EndObservation e => $"end: {e.Reason}",
            ErrorObservation e => $"error: {e.Kind}{(e.Status is { } s ? $" {s}" : "")}{(e.Message is { } m ? $" — {m}" : "")}",
            _ => "no end reported",
        };
    }

    /// <summary>
    /// One verdict in full, as junit.xml and the Conformance.Testing assertions show it: the rule (id, level, what it says),
    /// the case, the reason, expected, observed and the wire evidence (byte ranges), invisibles made visible.
    /// </summary>
    public static string Details(CaseResult c, RuleVerdict v, Rules.Rule? rule)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(v);
        var sb = new StringBuilder();
        if (rule is not null) sb.Append("Rule: ").Append(rule.Id).Append(" (").Append(rule.Level.ToString().ToUpperInvariant()).Append("): ").Append(rule.Says).Append('\n');
        sb.Append("Case: ").Append(c.ScenarioId).Append(" — ").Append(c.Title).Append('\n');
        sb.Append("Reason: ").Append(VisibleLines(v.Reason)).Append('\n');
        if (v.Expected is not null) sb.Append("Expected: ").Append(VisibleLines(v.Expected)).Append('\n');
        if (v.Observed is not null) sb.Append("Observed: ").Append(VisibleLines(v.Observed)).Append('\n');
        if (v.Evidence is not null) sb.Append("Evidence: ").Append(VisibleLines(v.Evidence)).Append('\n');
        if (c.CommandLine.Length > 0) sb.Append("Command: ").Append(c.CommandLine).Append('\n');
        return sb.ToString();
    }

    private static string VisibleLines(string s) => Flatten(Visible(s)).Replace("\\n\n", "\\n", StringComparison.Ordinal);

    public static string Ms(double ms) => ms.ToString("0.#", CultureInfo.InvariantCulture);
}
