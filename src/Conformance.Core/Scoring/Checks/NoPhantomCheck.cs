using System.Text.Json;
using Conformance.Core.Capabilities;
using Conformance.Core.Observations;
using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>
/// No chunk the stream did not carry as content: the rule names the kinds of extra chunk it judges
/// (rules.json <c>"phantoms"</c>: a ping, a comment, non-JSON data, data after the terminator, the
/// terminator itself, or an unexplained chunk). Extras of other kinds belong to other rules. A client
/// that fails (a parse error) right at such an event, before the server sent another byte, failed on it:
/// that is this rule's deviation too, and the rest of the case was never reached.
/// </summary>
public sealed class NoPhantomCheck : IRuleCheck
{
    public string Kind => CheckKinds.NoPhantom;

    public CheckResult Evaluate(ScoringInput input, Rule rule)
    {
        var judged = rule.Phantoms.Count == 0 ? PhantomKinds.All : rule.Phantoms;
        var what = string.Join(", ", judged.Select(PhantomKinds.Describe));
        switch (input.Level)
        {
            case ObservationLevel.Message:
                return CheckResult.NotApplicable($"{ObservationLevel.Message.Reports()}: there are no chunks to look for {what} in");
            case ObservationLevel.Events:
                var events = EventAlignment.Observed(input);
                foreach (var step in EventAlignment.Align(input))
                {
                    if (step.Kind == AlignmentKind.Differs && step.Phantom is { } leak && rule.JudgesPhantom(leak))
                        return CheckResult.Missed($"event #{step.Observed + 1} {step.Difference}, which a WHATWG parser does (\"set the data buffer and the event type buffer to the empty string\")",
                            "type \"message\"", $"type \"{events[step.Observed!.Value].Event}\"", Transcript.Locate(input.Journal, step.Source!.CompleteAtOffset));
                    if (step.Kind != AlignmentKind.Extra || !rule.JudgesPhantom(step.Phantom!)) continue;
                    return Missed(input, $"event #{step.Observed + 1}", step.Phantom!, null, events[step.Observed!.Value].Data);
                }
                return CheckResult.Met($"none of the {events.Count} events is {what} (comments a library surfaces are not events)");
            case ObservationLevel.Text:
                if (judged.All(k => k == PhantomKinds.Unexplained))
                    return CheckResult.NotApplicable($"{ObservationLevel.Text.Reports()}: an invented event cannot be told apart from content in a token stream");
                var t = 0;
                foreach (var chunk in input.Chunks)
                {
                    t++;
                    if (chunk.Data.ValueKind != JsonValueKind.String) continue;
                    var (kind, source) = ChunkAlignment.Classify(input.Expectation, chunk.Data, input.Scenario.Api);
                    if (kind != PhantomKinds.Unexplained && rule.JudgesPhantom(kind))
                        return Missed(input, $"token #{t}", kind, source, chunk.Data.GetString() ?? "");
                }
                if (CrashPoint.ReachedRange(input) is { } upTo && CrashAt(input, rule, upTo.Min, upTo.Max) is { } crashed) return crashed;
                return CheckResult.Met($"none of the {t} tokens is {what}");
        }

        var observed = input.Chunks.Select(c => c.Data).ToList();
        var steps = ChunkAlignment.Align(input.Expectation, observed, input.Scenario.Api);
        var parsed = new List<int>();
        foreach (var step in steps)
        {
            if (step.Kind != AlignmentKind.Extra || !rule.JudgesPhantom(step.Phantom!)) continue;
            var i = step.Observed!.Value;
            // A payload too deep for a default parser may be parsed or dropped (RFC 8259 §9): yielding it is parsing it.
            if (step.Phantom == PhantomKinds.TooDeep) { parsed.Add(i); continue; }
            return Missed(input, $"chunk #{i + 1}", step.Phantom!, step.Source, observed[i].GetRawText());
        }
        var reached = steps.TakeWhile(s => s.Kind == AlignmentKind.Match).Count();
        if (CrashAt(input, rule, reached, reached) is { } crash) return crash;
        if (parsed.Count > 0)
            return CheckResult.Met($"the client parsed the payload nested deeper than {Text.JsonDepth.DefaultParserLimit} levels and yielded it (chunk #{string.Join(", #", parsed.Select(i => i + 1))}), as the rule allows, and read on to {ScoringInput.Describe(input.Final)}");
        return CheckResult.Met($"none of the {observed.Count} chunks is {what}");
    }

    /// <summary>
    /// The client raised a parse error after yielding the first <paramref name="reached"/> events exactly, and
    /// before the server sent any byte past the events this rule is about that lie between event
    /// <paramref name="reached"/> and the next: it failed on those (<see cref="CrashPoint"/>). Anything else in that
    /// gap makes it ambiguous, and then no claim is made.
    /// </summary>
    private static CheckResult? CrashAt(ScoringInput input, Rule rule, int reached, int reachedAtMost)
    {
        if (CrashPoint.Find(input, reached, reachedAtMost) is not { } crash) return null;
        var suspects = input.Expectation.Dropped.Where(d => d.CompleteAtOffset > crash.From && d.CompleteAtOffset <= crash.To && PhantomKinds.SkippedMidStream.Contains(d.Kind)).ToList();
        if (suspects.Count == 0 || suspects.Any(d => !rule.JudgesPhantom(d.Kind))) return null;
        // The first byte after the suspects: if it was sent after the client had already failed, only they can be the cause.
        if (!crash.RaisedBefore(input, suspects.Max(d => d.CompleteAtOffset))) return null;
        var first = suspects.MinBy(d => d.CompleteAtOffset)!;
        return CheckResult.Missed(
            $"the client failed ({ScoringInput.Describe(crash.Error)}) on {PhantomKinds.Describe(first.Kind)} at {Transcript.Bytes(first.StartOffset, first.CompleteAtOffset)}: it had yielded the {reached} event(s) before it, and raised at {Math.Max(0, crash.RaisedAtMs):0} ms, before the server sent another byte",
            first.Kind == PhantomKinds.TooDeep ? "parsed, or dropped as unparseable, and the rest read on" : "passed over without a word", ScoringInput.Describe(crash.Error), Transcript.Locate(input.Journal, first.CompleteAtOffset)) with { Blocks = true, Crash = crash };
    }

    private static CheckResult Missed(ScoringInput input, string which, string kind, DroppedEvent? source, string data) =>
        CheckResult.Missed(
            $"{which} is {PhantomKinds.Describe(kind)}{(source is null ? "" : $", which the server sent at {Transcript.Bytes(source.StartOffset, source.CompleteAtOffset)}")}, and a correct client does not yield it",
            "no such chunk", ScoringInput.Short(data, 200),
            source is null ? Transcript.Ending(input.Journal) : Transcript.Locate(input.Journal, source.CompleteAtOffset));
}
