using Conformance.Core.Scenarios;

namespace Conformance.Core.Exploring;

/// <summary>What shrinking reached: the smallest failing plan found, how many tests it took, and what each phase did.</summary>
public sealed record ShrinkResult
{
    public required WritePlan Plan { get; init; }

    /// <summary>Candidate plans the oracle was asked about (cached repeats not counted).</summary>
    public required int Tests { get; init; }

    /// <summary>False when the oracle ran out (of budget) before the plan was 1-minimal.</summary>
    public required bool Complete { get; init; }

    /// <summary>One line per phase that changed something, e.g. "cuts 9 → 1".</summary>
    public required IReadOnlyList<string> Steps { get; init; }
}

/// <summary>
/// Shrinks a failing write plan by delta debugging, each phase keeping only changes after which the plan
/// still fails: (1) fewer cuts (ddmin to a 1-minimal set; none at all is tried first), (2) fewer events
/// (ddmin over the events; the expectation is derived again from the smaller body, the oracle decides),
/// (3) line endings as the scenario has them, or as one transport setting writes them, else as few lines
/// differing from the scenario's own as ddmin can, (4) adjacent cuts moved toward each other (gap halved
/// while it still fails), (5) a last pass removing single cuts.
/// </summary>
/// <param name="test">
/// Asked about up to <see cref="ProbeSize"/> plans at a time (the first of which is tried first); answers per plan
/// true (fails), false (passes or is not a valid plan) or null (not run: out of budget).
/// </param>
public sealed class PlanShrinker(PlanSpace space, Func<IReadOnlyList<WritePlan>, CancellationToken, Task<IReadOnlyList<bool?>>> test)
{
    /// <summary>Candidates tested at once; fixed, so the plans tried never depend on how many run in parallel.</summary>
    public const int ProbeSize = 4;

    /// <summary>Most tests spent moving cuts toward each other.</summary>
    public const int MaxMoveTests = 24;

    private readonly Dictionary<string, bool> _known = [];
    private int _tests;
    private bool _exhausted;

    public async Task<ShrinkResult> ShrinkAsync(WritePlan failing, CancellationToken ct)
    {
        var current = space.Normalize(failing);
        _known[current.Key] = true;
        var steps = new List<string>();
        var before = current;

        // 1. Fewer cuts.
        current = await FewerCutsAsync(current, ct).ConfigureAwait(false);
        if (current.Cuts.Count != before.Cuts.Count) steps.Add($"cuts {before.Cuts.Count} → {current.Cuts.Count}");
        var afterCuts = current;

        // 2. Fewer events.
        if (!_exhausted && space.CanRemoveEvents && current.Segments.Count > 1)
        {
            var events = current.Segments.Count;
            var (kept, complete) = await DeltaDebugging.MinimizeAsync(current.Segments, c => FirstFailingAsync([.. c.Select(s => WithSegments(current, s))], ct)).ConfigureAwait(false);
            _exhausted |= !complete;
            current = WithSegments(current, kept);
            if (kept.Count != events) steps.Add($"events {events} → {kept.Count}");
        }

        // 3. Line endings: the scenario's own, or one transport setting, else as few changed lines as possible.
        if (!_exhausted && space.CanChangeLineEndings)
        {
            var changed = ChangedLines(current).Count;
            current = await SimplerEndingsAsync(current, ct).ConfigureAwait(false);
            var now = ChangedLines(current).Count;
            if (now != changed) steps.Add($"lines with another ending than the scenario's {changed} → {now}");
        }

        // 4. Cuts moved toward each other.
        if (!_exhausted && current.Cuts.Count >= 2)
        {
            var span = Span(current);
            current = await CloserCutsAsync(current, ct).ConfigureAwait(false);
            if (Span(current) != span) steps.Add($"span of the cuts {span} → {Span(current)} bytes");
        }

        // 5. A last pass: a cut the other phases made unnecessary.
        if (!_exhausted && current.Key != afterCuts.Key && current.Cuts.Count > 0)
        {
            var cuts = current.Cuts.Count;
            current = await SingleRemovalsAsync(current, ct).ConfigureAwait(false);
            if (current.Cuts.Count != cuts) steps.Add($"cuts {cuts} → {current.Cuts.Count} (last pass)");
        }
        return new ShrinkResult { Plan = current, Tests = _tests, Complete = !_exhausted, Steps = steps };
    }

    private async Task<WritePlan> FewerCutsAsync(WritePlan plan, CancellationToken ct)
    {
        if (plan.Cuts.Count == 0) return plan;
        var none = plan with { Cuts = [] };
        var found = await FirstFailingAsync([none], ct).ConfigureAwait(false);
        if (found == 0) return none;
        if (found is null || plan.Cuts.Count == 1) return plan;
        var (cuts, complete) = await DeltaDebugging.MinimizeAsync(plan.Cuts, c => FirstFailingAsync([.. c.Select(x => plan.WithCuts(x))], ct)).ConfigureAwait(false);
        _exhausted |= !complete;
        return plan.WithCuts(cuts);
    }

    private WritePlan WithSegments(WritePlan plan, IReadOnlyList<int> segments)
    {
        var kept = segments.ToHashSet();
        return space.Normalize(plan with { Segments = [.. segments.Order()], Cuts = [.. plan.Cuts.Where(c => c.Segment < 0 || kept.Contains(c.Segment))] });
    }

    private List<int> ChangedLines(WritePlan plan) =>
        [.. plan.Segments.SelectMany(s => Enumerable.Range(space.Segments[s].FirstSlot, space.Segments[s].Slots.Count)).Where(i => plan.Endings[i] != space.BaseEndings[i])];

    private async Task<WritePlan> SimplerEndingsAsync(WritePlan plan, CancellationToken ct)
    {
        var changed = ChangedLines(plan);
        if (changed.Count == 0) return plan;
        var candidates = new List<WritePlan> { space.Normalize(plan with { Endings = space.BaseEndings }) };
        if (space.UniformEnding(plan) is null)
            foreach (var mode in new[] { LineEnding.CrLf, LineEnding.Lf, LineEnding.Cr, LineEnding.Mixed })
                if (mode is LineEnding.Lf or LineEnding.CrLf || space.AllowedEndings.Contains(LineEnding.Cr))
                    candidates.Add(space.WithUniformEnding(plan, mode));
        candidates = [.. candidates.Where(c => c.Key != plan.Key && space.Invalid(c) is null).DistinctBy(c => c.Key)];
        var found = await FirstFailingAsync(candidates, ct).ConfigureAwait(false);
        if (found is >= 0) return candidates[found.Value];
        if (found is null || space.UniformEnding(plan) is not null) return plan;

        // No single setting fails: keep as few lines off the scenario's own endings as ddmin can.
        WritePlan Keep(IReadOnlyList<int> lines)
        {
            var endings = space.BaseEndings.ToArray();
            foreach (var line in lines) endings[line] = plan.Endings[line];
            return space.Normalize(plan with { Endings = endings });
        }
        var (keptLines, complete) = await DeltaDebugging.MinimizeAsync(changed, c => FirstFailingAsync([.. c.Select(Keep)], ct)).ConfigureAwait(false);
        _exhausted |= !complete;
        return Keep(keptLines);
    }

    private int Span(WritePlan plan)
    {
        var offsets = space.OffsetsOf(plan);
        return offsets.Count < 2 ? 0 : offsets[^1] - offsets[0];
    }

    /// <summary>
    /// For each pair of neighbouring cuts, moves one toward the other by half the gap, then by a quarter, … down to
    /// one byte, keeping every move after which the plan still fails.
    /// </summary>
    private async Task<WritePlan> CloserCutsAsync(WritePlan plan, CancellationToken ct)
    {
        var spent = 0;
        for (var i = 0; i + 1 < space.OffsetsOf(plan).Count && spent < MaxMoveTests; i++)
        {
            var offsets = space.OffsetsOf(plan);
            var step = (offsets[i + 1] - offsets[i]) / 2;
            while (step >= 1 && spent < MaxMoveTests)
            {
                offsets = space.OffsetsOf(plan);
                if (i + 1 >= offsets.Count) break;
                var (a, b) = (offsets[i], offsets[i + 1]);
                step = Math.Min(step, (b - a) / 2);
                if (step < 1) break;
                var candidates = new[] { Move(plan, b, b - step), Move(plan, a, a + step) }
                    .Where(c => c.Key != plan.Key && space.OffsetsOf(c).Count == offsets.Count).DistinctBy(c => c.Key).ToList();
                spent += candidates.Count(c => !_known.ContainsKey(c.Key));
                var found = await FirstFailingAsync(candidates, ct).ConfigureAwait(false);
                if (found is null) return plan;
                if (found >= 0) plan = candidates[found.Value];
                else step /= 2;
            }
        }
        return plan;
    }

    private WritePlan Move(WritePlan plan, int from, int to)
    {
        var cut = plan.Cuts.First(c => space.OffsetOf(plan, c) == from);
        return space.Normalize(plan.WithCuts(plan.Cuts.Where(c => c != cut).Append(space.CutAt(plan, to))));
    }

    private async Task<WritePlan> SingleRemovalsAsync(WritePlan plan, CancellationToken ct)
    {
        while (plan.Cuts.Count > 0)
        {
            var candidates = plan.Cuts.Select(c => plan.WithCuts(plan.Cuts.Where(x => x != c))).ToList();
            var found = await FirstFailingAsync(candidates, ct).ConfigureAwait(false);
            if (found is not >= 0) break;
            plan = candidates[found.Value];
        }
        return plan;
    }

    /// <summary>The index of the first candidate that fails, -1 if none does, null when the oracle ran out first.</summary>
    private async Task<int?> FirstFailingAsync(IReadOnlyList<WritePlan> candidates, CancellationToken ct)
    {
        for (var from = 0; from < candidates.Count; from += ProbeSize)
        {
            var chunk = candidates.Skip(from).Take(ProbeSize).ToList();
            var unknown = chunk.Where(c => !_known.ContainsKey(c.Key)).DistinctBy(c => c.Key).ToList();
            if (unknown.Count > 0)
            {
                var answers = await test(unknown, ct).ConfigureAwait(false);
                for (var i = 0; i < unknown.Count; i++)
                {
                    if (answers[i] is { } fails) { _known[unknown[i].Key] = fails; _tests++; }
                }
            }
            for (var i = 0; i < chunk.Count; i++)
            {
                if (!_known.TryGetValue(chunk[i].Key, out var fails)) { _exhausted = true; return null; }
                if (fails) return from + i;
            }
        }
        return -1;
    }
}
