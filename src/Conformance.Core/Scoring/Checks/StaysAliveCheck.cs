using Conformance.Core.Observations;
using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>A slow but live stream (heartbeats, a 1-byte drip) does not trip the idle timeout: bytes are activity.</summary>
public sealed class StaysAliveCheck : IRuleCheck
{
    public string Kind => CheckKinds.StaysAlive;

    public CheckResult Evaluate(ScoringInput input, Rule rule)
    {
        var response = Transcript.Final(input.Journal)?.Response;
        var gaps = response is null ? [] : response.Writes.Zip(response.Writes.Skip(1), (a, b) => b.AtMs - a.AtMs).ToList();
        var longest = gaps.Count == 0 ? 0 : gaps.Max();
        var total = response?.Writes.LastOrDefault()?.AtMs ?? 0;
        if (input.Final is ErrorObservation { Kind: "timeout" } e)
        {
            return CheckResult.Missed(
                $"the client timed out on a live stream: the longest gap between writes was {longest:0} ms (idle timeout {input.Scenario.Client.IdleTimeoutMs?.ToString() ?? "?"} ms), the stream ran {total:0} ms",
                "no timeout", ScoringInput.Describe(e), Transcript.Ending(input.Journal));
        }
        return CheckResult.Met($"no timeout over a {total:0} ms stream whose longest quiet gap was {longest:0} ms");
    }
}
