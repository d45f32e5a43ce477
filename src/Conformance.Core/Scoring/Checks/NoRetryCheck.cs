using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>Non-retryable failures (400, 401, 403, 404) are not retried: exactly the expected number of requests.</summary>
public sealed class NoRetryCheck : IRuleCheck
{
    public string Kind => CheckKinds.NoRetry;

    public CheckResult Evaluate(ScoringInput input, Rule rule)
    {
        var seen = input.Journal.Exchanges.Count;
        var expected = input.Expectation.Attempts;
        var first = input.Journal.Exchanges.FirstOrDefault()?.Response?.Status;
        return seen <= expected
            ? CheckResult.Met($"{seen} request(s), no retry of the {first} response")
            : CheckResult.Missed($"the server answered {first}, which is not retryable, and the client sent {seen} requests", $"{expected} request(s)", $"{seen} requests", Transcript.Ending(input.Journal));
    }
}
