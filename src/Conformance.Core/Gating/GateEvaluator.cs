using System.Globalization;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scoring;

namespace Conformance.Core.Gating;

/// <summary>
/// Decides the exit code of a run (docs/results-format.md, "Gating").
/// <list type="bullet">
/// <item>A gating failure is FAIL, ADAPTER-ERROR or TIMEOUT on a MUST or SHOULD rule (an adapter that broke or
/// hung tells nothing about the rule, so it cannot pass). NON-STRICT, SKIPPED and anything on INFO rules never gate.</item>
/// <item>Without a threshold: exit 1 when any gating failure is not accepted by the baseline.</item>
/// <item>With a threshold: exit 1 when any client's score (share of applicable MUST rules passed, baselined
/// failures included as not passed) is below it; otherwise individual failures do not fail the run.</item>
/// <item>Exit 2 when no failure decided exit 1 but a baseline entry is stale (its pair now passes).</item>
/// </list>
/// </summary>
public static class GateEvaluator
{
    public static GateOutcome Evaluate(RunResult run, Baseline? baseline = null, double? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (threshold is { } t && (double.IsNaN(t) || t < 0 || t > 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "a threshold is a share between 0 and 1");
        var entries = (baseline ?? Baseline.Empty).Entries;
        var levels = RuleLevels(run);

        var newFailures = new List<GateItem>();
        var baselined = new List<GateItem>();
        // Per entry: did it match a verdict at all, did any matched verdict fail, did any pass.
        var matched = new bool[entries.Count];
        var failing = new bool[entries.Count];
        var passing = new bool[entries.Count];

        foreach (var c in run.Cases)
            foreach (var v in c.Verdicts)
            {
                BaselineEntry? accepted = null;
                for (var i = 0; i < entries.Count; i++)
                {
                    if (!entries[i].Matches(c.Client, c.ScenarioId, v.RuleId)) continue;
                    matched[i] = true;
                    if (v.Verdict == Verdict.Pass) passing[i] = true;
                    if (IsGatingFailure(v.Verdict, LevelOf(levels, v.RuleId))) { failing[i] = true; accepted ??= entries[i]; }
                }
                if (!IsGatingFailure(v.Verdict, LevelOf(levels, v.RuleId))) continue;
                var item = new GateItem(c.Client, c.ScenarioId, v.RuleId, v.Verdict, v.Reason, accepted?.Reason);
                (accepted is null ? newFailures : baselined).Add(item);
            }

        // Stale: the pair now passes (for a wildcard entry, it passes for every client that ran it).
        var stale = entries.Where((_, i) => matched[i] && passing[i] && !failing[i]).ToList();
        var unmatched = entries.Where((_, i) => !matched[i]).ToList();
        var scores = Scores(run);

        var messages = new List<string>();
        int exit;
        if (threshold is { } th)
        {
            var below = scores.Values.Where(s => s.Score < th).ToList();
            foreach (var s in below)
                messages.Add(Inv($"{s.Client}: score {s} is below the threshold {th * 100:0.#}%"));
            exit = below.Count > 0 ? GateOutcome.Failed : GateOutcome.Pass;
            if (below.Count == 0 && newFailures.Count > 0)
                messages.Add(Inv($"{newFailures.Count} failure(s) not in the baseline, but every score meets the threshold {th * 100:0.#}%"));
        }
        else
        {
            foreach (var f in newFailures) messages.Add($"{f}: {FirstLine(f.Reason)}");
            exit = newFailures.Count > 0 ? GateOutcome.Failed : GateOutcome.Pass;
        }
        foreach (var b in baselined) messages.Add($"{b} (baselined: {b.BaselineReason})");
        foreach (var s in stale)
            messages.Add($"stale baseline entry: {s} now passes; remove it from the baseline");
        foreach (var u in unmatched)
            messages.Add($"baseline entry {u} matched nothing in this run");
        if (exit == GateOutcome.Pass && stale.Count > 0) exit = GateOutcome.StaleBaseline;

        return new GateOutcome
        {
            ExitCode = exit,
            Scores = scores,
            NewFailures = newFailures,
            Baselined = baselined,
            StaleEntries = stale,
            UnmatchedEntries = unmatched,
            Threshold = threshold,
            Messages = messages,
        };
    }

    /// <summary>Score per client, in the order of <see cref="RunResult.Clients"/> (then any client only seen in cases).</summary>
    public static IReadOnlyDictionary<string, ClientScore> Scores(RunResult run)
    {
        var levels = RuleLevels(run);
        var names = run.Clients.Select(c => c.Name).Concat(run.Cases.Select(c => c.Client)).Distinct(StringComparer.Ordinal);
        var result = new Dictionary<string, ClientScore>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            int passed = 0, applicable = 0;
            foreach (var c in run.Cases.Where(c => c.Client == name))
                foreach (var v in c.Verdicts)
                {
                    if (LevelOf(levels, v.RuleId) != RuleLevel.Must) continue;
                    if (v.Verdict is Verdict.Pass) { passed++; applicable++; }
                    else if (v.Verdict.IsFailure()) applicable++;
                }
            result[name] = new ClientScore(name, passed, applicable);
        }
        return result;
    }

    public static bool IsGatingFailure(Verdict verdict, RuleLevel level) =>
        level != RuleLevel.Info && verdict.IsFailure();

    internal static IReadOnlyDictionary<string, RuleLevel> RuleLevels(RunResult run)
    {
        var d = new Dictionary<string, RuleLevel>(StringComparer.Ordinal);
        foreach (var r in run.Rules) d.TryAdd(r.Id, r.Level);
        return d;
    }

    /// <summary>A verdict on a rule the run does not list is treated as MUST: an unknown rule must not slip through the gate.</summary>
    internal static RuleLevel LevelOf(IReadOnlyDictionary<string, RuleLevel> levels, string ruleId) =>
        levels.TryGetValue(ruleId, out var l) ? l : RuleLevel.Must;

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
