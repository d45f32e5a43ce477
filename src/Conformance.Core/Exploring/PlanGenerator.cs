using System.Text;
using Conformance.Core.Scenarios;

namespace Conformance.Core.Exploring;

/// <summary>
/// Seeded write plans for one scenario: the same seed and scenario give the same plans in the same order,
/// on every run and machine (<see cref="Random"/> with a seed is a fixed algorithm), whatever other
/// scenarios are explored alongside. Each plan picks line endings (the scenario's own, one allowed ending
/// for every line, or a per-line mix) and cuts: a few aimed at points of interest (between CR and LF,
/// inside multi-byte characters, field names and JSON, at line starts and event boundaries), every point
/// of one kind with even odds, a window of small random writes, or only some event boundaries (several
/// events coalesced in one write, or all of them).
/// </summary>
public sealed class PlanGenerator
{
    /// <summary>How often a sparse or dense plan aims at each kind: the classic breakages weigh more.</summary>
    private static readonly (CutKind Kind, int Weight)[] Weights =
    [
        (CutKind.CrLf, 3), (CutKind.MultiByte, 3), (CutKind.FieldName, 1), (CutKind.Json, 1),
        (CutKind.LineStart, 1), (CutKind.EventBoundary, 1), (CutKind.Anywhere, 1),
    ];

    private static readonly int[] WindowSizes = [2, 3, 5, 8, 16, 64];

    private readonly PlanSpace _space;
    private readonly Random _random;
    private readonly HashSet<string> _seen = [];

    public PlanGenerator(PlanSpace space, int seed)
    {
        _space = space;
        _random = new Random(SeedFor(seed, space.Scenario.Id));
    }

    /// <summary>Plans handed out so far.</summary>
    public int Count { get; private set; }

    /// <summary>The seed of one scenario's generator: FNV-1a of "seed:scenario id", so scenarios do not share a sequence.</summary>
    public static int SeedFor(int seed, string scenarioId)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes($"{seed}:{scenarioId}")) { hash ^= b; hash *= 16777619u; }
        return (int)(hash & 0x7FFFFFFF);
    }

    /// <summary>The next plan not handed out before (after a few tries at a small space, a repeat).</summary>
    public WritePlan Next()
    {
        WritePlan plan = _space.Base;
        for (var attempt = 0; attempt < 32; attempt++)
        {
            plan = Generate();
            if (_seen.Add(plan.Key)) break;
        }
        Count++;
        return plan;
    }

    private WritePlan Generate()
    {
        var plan = _space.Repair(_space.Base with { Endings = Endings() });
        var points = _space.PointsOfInterest(plan);
        var length = _space.Body(plan).Length;
        var roll = _random.NextDouble();
        IEnumerable<int> offsets = roll switch
        {
            < 0.35 => Sparse(points, length),
            < 0.60 => Dense(points, length),
            < 0.80 => Window(length),
            _ => Coalesced(points[CutKind.EventBoundary]),
        };
        var cuts = offsets.Distinct().Order().Select(o => _space.CutAt(plan, o)).ToList();
        if (cuts.Count > _space.MaxCuts) cuts = [.. cuts.OrderBy(_ => _random.Next()).Take(_space.MaxCuts)];
        return _space.Normalize(plan.WithCuts(cuts));
    }

    private IReadOnlyList<LineEnding> Endings()
    {
        var allowed = _space.AllowedEndings;
        if (!_space.CanChangeLineEndings || allowed.Count == 0) return _space.BaseEndings;
        var roll = _random.NextDouble();
        if (roll < 0.5) return _space.BaseEndings;
        if (roll < 0.75)
        {
            var one = allowed[_random.Next(allowed.Count)];
            return [.. Enumerable.Repeat(one, _space.SlotCount)];
        }
        return [.. Enumerable.Range(0, _space.SlotCount).Select(_ => allowed[_random.Next(allowed.Count)])];
    }

    /// <summary>One to four cuts, each at a point of a kind picked by weight.</summary>
    private List<int> Sparse(IReadOnlyDictionary<CutKind, IReadOnlyList<int>> points, int length)
    {
        var count = 1 + _random.Next(4);
        var offsets = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var kind = Pick(points, length);
            if (kind == CutKind.Anywhere) { if (length > 1) offsets.Add(1 + _random.Next(length - 1)); }
            else if (kind is { } k) offsets.Add(points[k][_random.Next(points[k].Count)]);
        }
        return offsets;
    }

    /// <summary>Every point of one kind, each with even odds (anywhere: as many random offsets as a plan may have).</summary>
    private List<int> Dense(IReadOnlyDictionary<CutKind, IReadOnlyList<int>> points, int length)
    {
        var kind = Pick(points, length);
        if (kind == CutKind.Anywhere) return [.. Enumerable.Range(0, _space.MaxCuts).Select(_ => 1 + _random.Next(length - 1))];
        return kind is { } k ? [.. points[k].Where(_ => _random.Next(2) == 0)] : [];
    }

    /// <summary>Small random writes (1..N bytes) over a window of the body, at most <see cref="PlanSpace.MaxCuts"/> of them.</summary>
    private List<int> Window(int length)
    {
        var max = WindowSizes[_random.Next(WindowSizes.Length)];
        var span = _space.MaxCuts * (max + 1) / 2;
        var start = span >= length ? 0 : _random.Next(length - span);
        var offsets = new List<int>();
        for (var at = start + _random.Next(1, max + 1); at < length && offsets.Count < _space.MaxCuts; at += _random.Next(1, max + 1))
            offsets.Add(at);
        return offsets;
    }

    /// <summary>Some event boundaries (each with odds 3 in 10): the events between them share a write.</summary>
    private List<int> Coalesced(IReadOnlyList<int> boundaries) => [.. boundaries.Where(_ => _random.Next(10) < 3)];

    /// <summary>A kind of point, by weight, among those the body has (any offset: when it has two bytes or more).</summary>
    private CutKind? Pick(IReadOnlyDictionary<CutKind, IReadOnlyList<int>> points, int length)
    {
        var present = Weights.Where(w => w.Kind == CutKind.Anywhere ? length > 1 : points[w.Kind].Count > 0).ToList();
        if (present.Count == 0) return null;
        var roll = _random.Next(present.Sum(w => w.Weight));
        foreach (var (kind, weight) in present)
        {
            if (roll < weight) return kind;
            roll -= weight;
        }
        return present[^1].Kind;
    }
}
