using Conformance.Core.Capabilities;
using Conformance.Core.Rules;

namespace Conformance.Core.Scoring;

/// <summary>
/// Turns a case's evidence into one verdict per rule the scenario exercises. A missed MUST is FAIL, a
/// missed SHOULD is NON-STRICT, a missed INFO rule is INFO (reported, never a failure); an aspect the profile leaves
/// undefined is SKIPPED with the reason; a broken adapter or a killed client takes every rule of the case.
/// </summary>
public static class Scorer
{
    public static IReadOnlyList<RuleVerdict> Score(ScoringInput input, IReadOnlyList<Rule> rules, bool timedOut, double timeoutMs, IReadOnlyList<string> faults, string stderr)
    {
        if (timedOut)
        {
            return [.. rules.Select(r => new RuleVerdict
            {
                RuleId = r.Id,
                Verdict = Verdict.Timeout,
                Reason = $"the client was still running after {timeoutMs:0} ms and was killed with its process group",
                Observed = ScoringInput.Describe(input.Final),
                Evidence = Transcript.Ending(input.Journal),
            })];
        }
        if (faults.Count > 0)
        {
            var tail = stderr.Length > 600 ? "…" + stderr[^600..] : stderr;
            return [.. rules.Select(r => new RuleVerdict
            {
                RuleId = r.Id,
                Verdict = Verdict.AdapterError,
                Reason = "the adapter broke its contract: " + string.Join("; ", faults) + (tail.Length > 0 ? $" | stderr: {tail.Trim()}" : ""),
            })];
        }
        if (input.CaseRules.Count == 0) input = input with { CaseRules = rules };
        var scored = rules.Select(r => ScoreRule(input, r)).ToList();
        // One deviation, one rule: a deviation that kept the case from reaching its other rules (no retry,
        // so no stream) is reported once; what it prevented is SKIPPED as not reached, not failed too.
        // An INFO rule reports; it never takes the case's other rules with it — except when the client died at the
        // form that INFO rule is about (a payload nested too deep for its parser, which RFC 8259 §9 allows it to refuse):
        // then what came after was not reached, and charging it to MUST rules would fail the client for an allowed limit.
        var blocker = scored.FirstOrDefault(s => s.Result?.Blocks == true && s.Verdict.Verdict.IsScored()
            && s.Verdict.Verdict is not Verdict.Pass && (s.Verdict.Verdict is not Verdict.Info || s.Result.Crash is not null));
        if (blocker.Verdict is null) return [.. scored.Select(s => s.Verdict)];
        return [.. scored.Select(s => ReferenceEquals(s.Verdict, blocker.Verdict) || s.Rule.Check is CheckKinds.NoRetry || !s.Verdict.Verdict.IsScored()
            ? s.Verdict
            : blocker.Result!.Crash is { } crash && ExercisedBefore(input, s.Rule, crash) is { } forms
                ? JudgedBefore(input, s.Rule, crash, forms)
                : new RuleVerdict
                {
                    RuleId = s.Rule.Id,
                    Verdict = Verdict.Skipped,
                    Reason = $"not reached: {blocker.Rule.Id} {blocker.Verdict.Verdict.Label()} ({ReportsOneLine(blocker.Verdict.Reason)})",
                    Evidence = blocker.Verdict.Evidence,
                })];
    }

    /// <summary>
    /// A rule about forms of line or chunk (<see cref="Rule.Forms"/>) that the stream carries, every one of them in events
    /// the client yielded before it died: its evidence lies before the crash, so it was reached. The marks, or null.
    /// </summary>
    private static IReadOnlyList<FormMark>? ExercisedBefore(ScoringInput input, Rule rule, CrashPoint crash)
    {
        var marks = input.Expectation.Forms.Where(m => rule.Forms.Contains(m.Form)).ToList();
        return marks.Count > 0 && marks.All(m => m.CompleteAtOffset <= crash.From) ? marks : null;
    }

    /// <summary>The rule's own check on the stream as far as the client got: what it yielded before it died, against the events complete by then.</summary>
    private static RuleVerdict JudgedBefore(ScoringInput input, Rule rule, CrashPoint crash, IReadOnlyList<FormMark> marks)
    {
        var v = ScoreRule(crash.Before(input), rule).Verdict;
        var where = string.Join(", ", marks.Select(m => Transcript.Bytes(m.StartOffset, m.CompleteAtOffset)).Distinct());
        return v with
        {
            Reason = $"judged on the {crash.Reached} event(s) the client yielded before it failed: the stream carries {string.Join(" and ", rule.Forms.Select(WireForms.Describe))} only there ({where}); {v.Reason}",
        };
    }

    private static string ReportsOneLine(string s) => s.Length <= 160 ? s : s[..160] + "…";

    private static (Rule Rule, RuleVerdict Verdict, CheckResult? Result) ScoreRule(ScoringInput input, Rule rule)
    {
        var undefined = input.Expectation.Undefined;
        // A parser library is scored on the SSE layer: the LLM layer's rules ([DONE], chunks, messages) are not its business.
        if (input.Level == ObservationLevel.Events && rule.Id.StartsWith("llm.", StringComparison.Ordinal))
            return (rule, new RuleVerdict { RuleId = rule.Id, Verdict = Verdict.Skipped, Reason = $"{ObservationLevel.Events.Reports()}: an LLM-layer rule" }, null);
        var aspect = rule.Check switch
        {
            CheckKinds.Content or CheckKinds.NoPhantom when input.Level == ObservationLevel.Events => ExpectationBuilder.EventsAspect,
            CheckKinds.Content or CheckKinds.NoPhantom or CheckKinds.Message => ExpectationBuilder.ContentAspect,
            CheckKinds.Outcome or CheckKinds.StopsAtTerminator or CheckKinds.IdleTimeout or CheckKinds.TotalTimeout or CheckKinds.StaysAlive => ExpectationBuilder.OutcomeAspect,
            CheckKinds.Reconnect or CheckKinds.ReconnectStop or CheckKinds.ReconnectWait or CheckKinds.ReconnectWaitMax => ExpectationBuilder.ReconnectAspect,
            CheckKinds.LastEventId => ExpectationBuilder.LastEventIdAspect,
            CheckKinds.ReconnectEvents => ExpectationBuilder.ReconnectEventsAspect,
            _ => null,
        };
        if (undefined.TryGetValue(ExpectationBuilder.AllAspects, out var all)
            || aspect is not null && undefined.TryGetValue(aspect, out all))
            return (rule, new RuleVerdict { RuleId = rule.Id, Verdict = Verdict.Skipped, Reason = all }, null);

        // Proxy rules are scored by the proxy scorer from a probe's record; a client case citing one is a catalogue bug.
        if (rule.Check == CheckKinds.Proxy)
            throw new InvalidOperationException($"rule {rule.Id} is a proxy rule (check '{CheckKinds.Proxy}'); client scenarios cannot cite it");
        var check = RuleChecks.Find(rule.Check) ?? throw new InvalidOperationException($"rule {rule.Id} names unknown check '{rule.Check}'");
        var result = check.Evaluate(input, rule);
        var verdict = result.Status switch
        {
            CheckStatus.Met => Verdict.Pass,
            CheckStatus.NotApplicable => Verdict.Skipped,
            _ => rule.Level switch
            {
                RuleLevel.Must => Verdict.Fail,
                RuleLevel.Should => Verdict.NonStrict,
                _ => Verdict.Info,
            },
        };
        var reason = result.Status == CheckStatus.Missed && rule.Level == RuleLevel.Info ? "INFO, not met: " + result.Reason : result.Reason;
        return (rule, new RuleVerdict { RuleId = rule.Id, Verdict = verdict, Reason = reason, Expected = result.Expected, Observed = result.Observed, Evidence = result.Evidence }, result);
    }
}
