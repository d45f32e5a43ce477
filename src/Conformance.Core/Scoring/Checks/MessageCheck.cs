using System.Text.Json.Nodes;
using Conformance.Core.Observations;
using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>The client's own assembled result (its `message` observation) matches what the stream carried.</summary>
public sealed class MessageCheck : IRuleCheck
{
    public string Kind => CheckKinds.Message;

    public CheckResult Evaluate(ScoringInput input, Rule rule)
    {
        var message = input.Observations.OfType<MessageObservation>().LastOrDefault();
        if (message is null) return CheckResult.NotApplicable("the client reported no `message` observation");
        var exp = input.Expectation;
        var problems = new List<(string What, string Expected, string Observed)>();
        if ((message.Content ?? "") != exp.Text) problems.Add(("content", exp.Text, message.Content ?? "(none)"));
        if (exp.ToolCalls.Count > 0)
        {
            var observed = message.ToolCalls ?? [];
            string Show(IEnumerable<ToolCallObservation> calls) => string.Join("; ", calls.Select(c => $"#{c.Index} {c.Id} {c.Name}({c.Arguments})"));
            var same = observed.Count == exp.ToolCalls.Count && exp.ToolCalls.Zip(observed).All(p =>
                p.First.Index == p.Second.Index && p.First.Name == p.Second.Name && p.First.Arguments == p.Second.Arguments
                && (p.First.Id is null || p.First.Id == p.Second.Id));
            if (!same) problems.Add(("tool_calls", Show(exp.ToolCalls), Show(observed)));
        }
        if (exp.Reasoning is { } reasoning && message.Reasoning != reasoning) problems.Add(("reasoning", reasoning, message.Reasoning ?? "(none)"));
        if (exp.FinishReason is { } finish && message.FinishReason is { } observedFinish && observedFinish != finish)
            problems.Add(("finish_reason", finish, observedFinish));
        if (exp.Usage is { } usage && message.Usage is { } observedUsage && !Contains(JsonNode.Parse(observedUsage.GetRawText()), JsonNode.Parse(usage)))
            problems.Add(("usage", usage, observedUsage.GetRawText()));
        if (problems.Count == 0) return CheckResult.Met("the client's assembled message matches the stream");
        var p0 = problems[0];
        return CheckResult.Missed($"the client's assembled {string.Join(", ", problems.Select(p => p.What))} differ from the stream",
            ScoringInput.Short(p0.Expected, 300), ScoringInput.Short(p0.Observed, 300), Transcript.Ending(input.Journal));
    }

    /// <summary>Every field of <paramref name="expected"/> is in <paramref name="observed"/> with the same value (a client may merge more in).</summary>
    private static bool Contains(JsonNode? observed, JsonNode? expected)
    {
        if (expected is JsonObject e)
            return observed is JsonObject o && e.All(kv => o.TryGetPropertyValue(kv.Key, out var v) && Contains(v, kv.Value));
        return JsonNode.DeepEquals(observed, expected);
    }
}
