using System.Text.Json;
using Conformance.Core.Capabilities;
using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>
/// No chunk the stream did not carry as content: the rule names the kinds of extra chunk it judges
/// (rules.json <c>"phantoms"</c>: a ping, a comment, non-JSON data, data after the terminator, the
/// terminator itself, or an unexplained chunk). Extras of other kinds belong to other rules.
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
                return CheckResult.Met($"none of the {t} tokens is {what}");
        }

        var observed = input.Chunks.Select(c => c.Data).ToList();
        foreach (var step in ChunkAlignment.Align(input.Expectation, observed, input.Scenario.Api))
        {
            if (step.Kind != AlignmentKind.Extra || !rule.JudgesPhantom(step.Phantom!)) continue;
            var i = step.Observed!.Value;
            return Missed(input, $"chunk #{i + 1}", step.Phantom!, step.Source, observed[i].GetRawText());
        }
        return CheckResult.Met($"none of the {observed.Count} chunks is {what}");
    }

    private static CheckResult Missed(ScoringInput input, string which, string kind, DroppedEvent? source, string data) =>
        CheckResult.Missed(
            $"{which} is {PhantomKinds.Describe(kind)}{(source is null ? "" : $", which the server sent at body offset {source.CompleteAtOffset}")}, and a correct client does not yield it",
            "no such chunk", ScoringInput.Short(data, 200),
            source is null ? Transcript.Ending(input.Journal) : Transcript.Locate(input.Journal, source.CompleteAtOffset));
}
