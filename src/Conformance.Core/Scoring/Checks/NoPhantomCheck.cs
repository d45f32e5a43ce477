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
                if (TextReached(input) is { } upTo && CrashAt(input, rule, upTo.Min, upTo.Max) is { } crashed) return crashed;
                return CheckResult.Met($"none of the {t} tokens is {what}");
        }

        var observed = input.Chunks.Select(c => c.Data).ToList();
        var steps = ChunkAlignment.Align(input.Expectation, observed, input.Scenario.Api);
        foreach (var step in steps)
        {
            if (step.Kind != AlignmentKind.Extra || !rule.JudgesPhantom(step.Phantom!)) continue;
            var i = step.Observed!.Value;
            return Missed(input, $"chunk #{i + 1}", step.Phantom!, step.Source, observed[i].GetRawText());
        }
        var reached = steps.TakeWhile(s => s.Kind == AlignmentKind.Match).Count();
        if (CrashAt(input, rule, reached, reached) is { } crash) return crash;
        return CheckResult.Met($"none of the {observed.Count} chunks is {what}");
    }

    /// <summary>
    /// At the text level: how many events the client may have got through, as a range, when its text is exactly
    /// the text of the first N events (events without text, like the role chunk, leave N open).
    /// </summary>
    private static (int Min, int Max)? TextReached(ScoringInput input)
    {
        var text = string.Concat(input.Chunks.Select(c => c.Data.ValueKind == JsonValueKind.String ? c.Data.GetString() : ""));
        var assembly = new Assembly(input.Scenario.Api);
        int? min = text.Length == 0 ? 0 : null, max = min;
        for (var k = 0; k < input.Expectation.Chunks.Count; k++)
        {
            assembly.Add(JsonDocument.Parse(input.Expectation.Chunks[k].Json).RootElement);
            if (assembly.Text == text) { min ??= k + 1; max = k + 1; }
            else if (assembly.Text.Length >= text.Length) break;
        }
        return min is { } a && max is { } b ? (a, b) : null;
    }

    /// <summary>
    /// The client raised a parse error after yielding the first <paramref name="reached"/> events exactly, and
    /// before the server sent any byte past the events this rule is about that lie between event
    /// <paramref name="reached"/> and the next: it failed on those. The timing is on one wall clock (when the
    /// runner received the error line, which is after the client raised it), so the claim errs only towards
    /// not being made. Anything else in that gap makes it ambiguous, and then no claim is made.
    /// </summary>
    private static CheckResult? CrashAt(ScoringInput input, Rule rule, int reached, int reachedAtMost)
    {
        var exp = input.Expectation;
        if (input.Final is not ErrorObservation { Kind: "parse" or "other" } error || exp.Outcome.Accepts("error", error.Kind, error.Status)) return null;
        if (input.Lifetime is not { } life || Transcript.Final(input.Journal) is not { Response: { } response } exchange) return null;
        var lo = reached == 0 ? 0 : exp.Chunks[reached - 1].CompleteAtOffset;
        var hi = reachedAtMost < exp.Chunks.Count ? exp.Chunks[reachedAtMost].CompleteAtOffset : int.MaxValue;
        var suspects = exp.Dropped.Where(d => d.CompleteAtOffset > lo && d.CompleteAtOffset <= hi && PhantomKinds.SkippedMidStream.Contains(d.Kind)).ToList();
        if (suspects.Count == 0 || suspects.Any(d => !rule.JudgesPhantom(d.Kind))) return null;
        var last = suspects.Max(d => d.CompleteAtOffset);
        var raisedAtMs = (life.StartedAt.AddMilliseconds(error.AtMs) - exchange.Request.At).TotalMilliseconds;
        // The first byte after the suspects: if it was sent after the client had already failed, only they can be the cause.
        if (Transcript.WriteHolding(response, last + 1) is { } next && next.Write.AtMs <= raisedAtMs) return null;
        var first = suspects.MinBy(d => d.CompleteAtOffset)!;
        return CheckResult.Missed(
            $"the client failed ({ScoringInput.Describe(error)}) on {PhantomKinds.Describe(first.Kind)} at body offset {first.CompleteAtOffset}: it had yielded the {reached} event(s) before it, and raised at {Math.Max(0, raisedAtMs):0} ms, before the server sent another byte",
            "passed over without a word", ScoringInput.Describe(error), Transcript.Locate(input.Journal, first.CompleteAtOffset)) with { Blocks = true };
    }

    private static CheckResult Missed(ScoringInput input, string which, string kind, DroppedEvent? source, string data) =>
        CheckResult.Missed(
            $"{which} is {PhantomKinds.Describe(kind)}{(source is null ? "" : $", which the server sent at body offset {source.CompleteAtOffset}")}, and a correct client does not yield it",
            "no such chunk", ScoringInput.Short(data, 200),
            source is null ? Transcript.Ending(input.Journal) : Transcript.Locate(input.Journal, source.CompleteAtOffset));
}
