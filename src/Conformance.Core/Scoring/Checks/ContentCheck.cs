using System.Text.Json;
using Conformance.Core.Capabilities;
using Conformance.Core.Observations;
using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>
/// The client yielded the events the server sent and the assembled text is exact, code point for code
/// point. Chunks are aligned by content (<see cref="ChunkAlignment"/>) and compared on JSON values
/// (<see cref="JsonSemantics"/>); an extra chunk that another rule of the case judges (a ping, data after
/// the terminator) is that rule's deviation, not this one's. At the text level only the text is compared;
/// at the message level, the message's content.
/// </summary>
public sealed class ContentCheck : IRuleCheck
{
    public string Kind => CheckKinds.Content;

    public CheckResult Evaluate(ScoringInput input, Rule rule)
    {
        var exp = input.Expectation;
        if (input.Final is ErrorObservation err && exp.Outcome.Kind != "error" && exp.Outcome.Accepts("error", err.Kind, err.Status))
            return CheckResult.NotApplicable($"the client refused the body with an error ({err.Kind}), which this case accepts; there is no content to compare");

        if (DiedAtForm(input, rule) is { } died) return died;
        return input.Level switch
        {
            ObservationLevel.Message => MessageLevel(input),
            ObservationLevel.Events => EventsLevel(input, rule),
            ObservationLevel.Text => TextLevel(input, rule),
            _ => ObjectLevel(input, rule),
        };
    }

    /// <summary>
    /// One deviation, one rule: the client raised an error after yielding the first events exactly, at an event that
    /// carries a form this rule is about (<see cref="Rule.Forms"/>: invalid UTF-8, choices null), and before the server
    /// sent another byte (<see cref="CrashPoint"/>). That is this rule's deviation; the whole text and the ending were
    /// never reached. Anything else in that event (another rule's form, a block a no-phantom rule judges) makes it
    /// ambiguous, and then no claim is made.
    /// </summary>
    private static CheckResult? DiedAtForm(ScoringInput input, Rule rule)
    {
        if (rule.Forms.Count == 0 || CrashPoint.ReachedRange(input) is not { } reached || CrashPoint.Find(input, reached.Min, reached.Max) is not { } crash) return null;
        var exp = input.Expectation;
        bool InGap(int offset) => offset > crash.From && offset <= crash.To;
        var marks = exp.Forms.Where(m => InGap(m.CompleteAtOffset)).ToList();
        if (marks.Count == 0 || marks.Any(m => !rule.Forms.Contains(m.Form))) return null;
        // The form must be on the next chunk itself, with nothing dropped before it: a form on the terminator
        // (`data:[DONE]`) or a ping is the business of the rule about that event.
        var at = marks.Max(m => m.CompleteAtOffset);
        if (crash.Reached >= exp.Chunks.Count || exp.Chunks[crash.Reached].CompleteAtOffset != at) return null;
        if (exp.Dropped.Any(d => InGap(d.CompleteAtOffset))) return null;
        if (!crash.RaisedBefore(input, at)) return null;
        var chunk = exp.Chunks[crash.Reached];
        return CheckResult.Missed(
            $"the client failed ({ScoringInput.Describe(crash.Error)}) on event #{crash.Reached + 1} with {string.Join(" and ", marks.Select(m => WireForms.Describe(m.Form)).Distinct())} ({Transcript.Bytes(chunk.StartOffset, at)}): it had yielded the {crash.Reached} event(s) before it exactly, and raised at {Math.Max(0, crash.RaisedAtMs):0} ms, before the server sent another byte",
            ScoringInput.Short(chunk.Json, 300), ScoringInput.Describe(crash.Error),
            Transcript.Locate(input.Journal, at)) with { Blocks = true, Crash = crash };
    }

    private static CheckResult MessageLevel(ScoringInput input)
    {
        var exp = input.Expectation;
        var message = input.Observations.OfType<MessageObservation>().LastOrDefault();
        if (message is null)
        {
            return CheckResult.Missed($"{ObservationLevel.Message.Reports()}, and it reported no `message` (it ended with {ScoringInput.Describe(input.Final)})",
                ContentText.Quote(exp.Text, 0), "(no message)", Transcript.Ending(input.Journal));
        }
        return CompareText(input, message.Content ?? "", "the message's content", null);
    }

    private static CheckResult EventsLevel(ScoringInput input, Rule rule)
    {
        var expected = EventAlignment.Expected(input);
        var observed = EventAlignment.Observed(input);
        var charged = new List<string>();
        foreach (var step in EventAlignment.Align(input))
        {
            switch (step.Kind)
            {
                case AlignmentKind.Missing:
                    var e = expected[step.Expected!.Value];
                    return CheckResult.Missed(
                        $"the server sent {expected.Count} events, the client dispatched {observed.Count}; event #{step.Expected + 1} ({e.Type}) is missing (the client ended with {ScoringInput.Describe(input.Final)})",
                        EventAlignment.Show(e.Data), "(nothing)", Transcript.Locate(input.Journal, e.CompleteAtOffset));
                case AlignmentKind.Differs when step.Phantom is { } leak && input.ChargedElsewhere(leak, rule):
                    charged.Add(leak);
                    break;
                case AlignmentKind.Differs:
                    var x = expected[step.Expected!.Value];
                    return CheckResult.Missed(
                        $"event #{step.Observed + 1} differs from the one the server sent: {step.Difference}{ContentText.Fffd(observed[step.Observed!.Value].Data)}",
                        EventAlignment.Show(x.Data), EventAlignment.Show(observed[step.Observed.Value].Data), Transcript.Locate(input.Journal, x.CompleteAtOffset));
                case AlignmentKind.Extra when input.ChargedElsewhere(step.Phantom!, rule):
                    charged.Add(step.Phantom!);
                    break;
                case AlignmentKind.Extra:
                    var o = observed[step.Observed!.Value];
                    return CheckResult.Missed($"event #{step.Observed + 1} is extra: {PhantomKinds.Describe(step.Phantom!)}",
                        "(no such event)", EventAlignment.Show(o.Data), Transcript.Ending(input.Journal));
            }
        }
        return CheckResult.Met($"all {expected.Count} events match the server's (type, data, id){ChargedNote(charged)}");
    }

    private static CheckResult TextLevel(ScoringInput input, Rule rule)
    {
        var exp = input.Expectation;
        if (exp.Text.Length == 0 && (exp.ToolCalls.Count > 0 || exp.Reasoning is not null))
            return CheckResult.NotApplicable($"{ObservationLevel.Text.Reports()}, and this stream carries no text (only {(exp.ToolCalls.Count > 0 ? "tool calls" : "reasoning")})");
        var tokens = input.Chunks.Select(c => c.Data).ToList();
        var text = string.Concat(tokens.Select(Token));
        if (text == exp.Text) return CheckResult.Met($"the text matches exactly ({exp.Text.Length} chars)");
        // The same text without the tokens another rule of the case is about: one deviation, one rule.
        var charged = new List<string>();
        var kept = tokens.Where(t =>
        {
            var (kind, _) = ChunkAlignment.Classify(exp, t, input.Scenario.Api);
            if (kind == PhantomKinds.Unexplained || !input.ChargedElsewhere(kind, rule)) return true;
            charged.Add(kind);
            return false;
        }).ToList();
        return CompareText(input, string.Concat(kept.Select(Token)), "the assembled text", charged);
    }

    private static CheckResult ObjectLevel(ScoringInput input, Rule rule)
    {
        var exp = input.Expectation;
        var observed = input.Chunks.Select(c => c.Data).ToList();
        var steps = ChunkAlignment.Align(exp, observed, input.Scenario.Api);
        var charged = new List<string>();
        var content = new List<JsonElement>();
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case AlignmentKind.Match:
                    content.Add(observed[step.Observed!.Value]);
                    break;
                case AlignmentKind.Missing:
                    var e = step.Expected!.Value;
                    return CheckResult.Missed(
                        $"the server sent {exp.Chunks.Count} events, the client yielded {observed.Count} chunks; event #{e + 1} is missing (the client ended with {ScoringInput.Describe(input.Final)})",
                        ScoringInput.Short(exp.Chunks[e].Json, 200), "(nothing)", Transcript.Locate(input.Journal, exp.Chunks[e].CompleteAtOffset));
                case AlignmentKind.Differs:
                    var (x, o) = (step.Expected!.Value, step.Observed!.Value);
                    var raw = observed[o].GetRawText();
                    return CheckResult.Missed(
                        $"chunk #{o + 1} differs from the event the server sent{(x != o ? $" (its event #{x + 1})" : "")}{ContentText.Fffd(raw)}{(step.Difference is { } d ? $" — {d}" : "")}",
                        ScoringInput.Short(exp.Chunks[x].Json, 300), ScoringInput.Short(raw, 300),
                        Transcript.Locate(input.Journal, exp.Chunks[x].CompleteAtOffset));
                case AlignmentKind.Extra when input.ChargedElsewhere(step.Phantom!, rule):
                    charged.Add(step.Phantom!);
                    break;
                case AlignmentKind.Extra:
                    var i = step.Observed!.Value;
                    return CheckResult.Missed(
                        $"chunk #{i + 1} is extra: {PhantomKinds.Describe(step.Phantom!)}",
                        "(no such chunk)", ScoringInput.Short(observed[i].GetRawText(), 200),
                        step.Source is { } src ? Transcript.Locate(input.Journal, src.CompleteAtOffset) : Transcript.Ending(input.Journal));
            }
        }
        var assembly = new Assembly(input.Scenario.Api);
        foreach (var c in content) assembly.Add(c);
        // Tool calls are compared when the client surfaces them at all (their chunks' fields may be unreported by a typed SDK).
        if (assembly.ToolCalls.Count > 0)
        {
            var show = (IEnumerable<ToolCallObservation> calls) => string.Join("; ", calls.Select(c => $"#{c.Index} {c.Id} {c.Name}({c.Arguments})"));
            if (show(assembly.ToolCalls) != show(exp.ToolCalls))
                return CheckResult.Missed("the tool calls assembled from the client's chunks differ from the stream's", show(exp.ToolCalls), show(assembly.ToolCalls), Transcript.Ending(input.Journal));
        }
        var result = CompareText(input, assembly.Text, "the assembled text", charged);
        return result.Status == CheckStatus.Met
            ? CheckResult.Met($"all {exp.Chunks.Count} events match and the text is exact ({exp.Text.Length} chars){ChargedNote(charged)}")
            : result;
    }

    private static CheckResult CompareText(ScoringInput input, string observed, string what, IReadOnlyList<string>? charged)
    {
        var exp = input.Expectation;
        if (observed == exp.Text) return CheckResult.Met($"the text matches exactly ({exp.Text.Length} chars){ChargedNote(charged ?? [])}");
        var at = ContentText.FirstDifference(exp.Text, observed);
        return CheckResult.Missed(
            $"{what} differs at character {at}{ContentText.Fffd(observed)}",
            ContentText.Quote(exp.Text, at), ContentText.Quote(observed, at), Transcript.Ending(input.Journal));
    }

    private static string ChargedNote(IReadOnlyList<string> charged) =>
        charged.Count == 0 ? "" : $"; {charged.Count} extra chunk(s) ({string.Join(", ", charged.Distinct())}) are judged by the rule about them";

    private static string Token(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : "";
}

/// <summary>Text comparison helpers shared by the checks.</summary>
internal static class ContentText
{
    public static string Fffd(string s) =>
        s.Contains('\uFFFD') ? ": it contains U+FFFD, so a multi-byte character split across reads was decoded read by read" : "";

    public static int FirstDifference(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++) if (a[i] != b[i]) return i;
        return n;
    }

    /// <summary>A window of the text around the difference, with invisible characters shown.</summary>
    public static string Quote(string s, int at)
    {
        var start = Math.Max(0, at - 30);
        var end = Math.Min(s.Length, at + 50);
        var window = s[start..end].Replace("\r", "\\r").Replace("\n", "\\n").Replace("\uFFFD", "\\uFFFD");
        return $"{(start > 0 ? "…" : "")}\"{window}\"{(end < s.Length ? "…" : "")} ({s.Length} chars)";
    }
}
