using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>
/// Retryable failures are retried (004: "HTTP 429 … Retry with backoff", "HTTP 5xx … Retry with backoff"):
/// the server sees as many requests as a correct client sends. A client that did not retry never got the
/// stream, so its result blocks the case's other rules ("not reached"), which it could not have exercised.
/// </summary>
public sealed class RetryCheck : IRuleCheck
{
    public string Kind => CheckKinds.Retry;

    public CheckResult Evaluate(ScoringInput input, Rule rule)
    {
        var exp = input.Expectation;
        if (exp.Attempts <= 1) return CheckResult.NotApplicable("the case has no retryable failure for this client to retry");
        var exchanges = input.Journal.Exchanges;
        if (exchanges.Count < exp.Attempts)
        {
            var status = exchanges.LastOrDefault()?.Response?.Status;
            return CheckResult.Missed(
                $"expected {exp.Attempts} requests (the first {exp.Attempts - 1} answered with a retryable status), the server saw {exchanges.Count}: the client did not retry{(status is { } s ? $" the {s}" : "")}",
                $"{exp.Attempts} requests", $"{exchanges.Count} requests", Transcript.Ending(input.Journal)) with { Blocks = true };
        }
        if (exchanges.Count > exp.Attempts)
        {
            return CheckResult.Missed(
                $"expected {exp.Attempts} requests, the server saw {exchanges.Count}: the client retried a response it should have accepted",
                $"{exp.Attempts} requests", $"{exchanges.Count} requests", Transcript.Ending(input.Journal));
        }
        var statuses = exchanges.Take(exp.Attempts - 1).Select(e => e.Response?.Status.ToString() ?? "no response");
        return CheckResult.Met($"retried {exp.Attempts - 1} time(s) after {string.Join(", ", statuses)}", Transcript.Ending(input.Journal));
    }
}

/// <summary>
/// Each retry waits at least Retry-After when the server gives one and backs off otherwise (004: "Retry with
/// backoff"). Gaps come from the journal: the end of one response to the arrival of the next request, both
/// on the server's clock. Not reached when the client did not retry at all (<see cref="RetryCheck"/> says so).
/// </summary>
public sealed class RetryWaitCheck : IRuleCheck
{
    /// <summary>Clock slack between "response ended" and "client timer started".</summary>
    public const int ToleranceMs = 100;

    /// <summary>Without Retry-After, a gap shorter than this is no backoff at all.</summary>
    public const int MinimumBackoffMs = 50;

    public string Kind => CheckKinds.RetryWait;

    public CheckResult Evaluate(ScoringInput input, Rule rule)
    {
        var exp = input.Expectation;
        if (exp.Attempts <= 1) return CheckResult.NotApplicable("the case has no retryable failure for this client to retry");
        var exchanges = input.Journal.Exchanges;
        if (exchanges.Count < 2)
            return CheckResult.NotApplicable("not reached: the client did not retry, so there is no wait to measure");
        var gaps = new List<string>();
        for (var i = 1; i < Math.Min(exchanges.Count, exp.Attempts); i++)
        {
            var previous = exchanges[i - 1];
            var endedAt = previous.Request.At.AddMilliseconds(previous.Response?.EndedAtMs ?? 0);
            var gap = (exchanges[i].Request.At - endedAt).TotalMilliseconds;
            var wait = i - 1 < exp.RetryWaitsMs.Count ? exp.RetryWaitsMs[i - 1] : null;
            gaps.Add($"{gap:0} ms");
            if (wait is { } w && gap < w - ToleranceMs)
            {
                return CheckResult.Missed(
                    $"attempt {i + 1} came {gap:0} ms after attempt {i}'s {previous.Response?.Status} response, but its Retry-After asked for {w} ms",
                    $"≥ {w} ms", $"{gap:0} ms", $"attempt {i} ended at {endedAt:HH:mm:ss.fff}, attempt {i + 1} arrived at {exchanges[i].Request.At:HH:mm:ss.fff}");
            }
            if (wait is null && gap < MinimumBackoffMs)
            {
                return CheckResult.Missed(
                    $"attempt {i + 1} came {gap:0} ms after attempt {i}'s {previous.Response?.Status} response with no Retry-After: no backoff",
                    $"≥ {MinimumBackoffMs} ms of backoff", $"{gap:0} ms", $"attempt {i} ended at {endedAt:HH:mm:ss.fff}, attempt {i + 1} arrived at {exchanges[i].Request.At:HH:mm:ss.fff}");
            }
        }
        return CheckResult.Met($"waited {string.Join(", ", gaps)} between attempts (Retry-After: {string.Join(", ", exp.RetryWaitsMs.Select(w => w is null ? "none" : $"{w} ms"))})");
    }
}
