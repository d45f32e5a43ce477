using Conformance.Core.Exploring;
using Conformance.Core.Scenarios;

namespace Conformance.Tests.Exploring;

[TestFixture]
public sealed class PlanShrinkerTests
{
    /// <summary>A fake client: a plan fails when <paramref name="fails"/> says so; counts what it was asked, can run out.</summary>
    private sealed class FakeOracle(Func<WritePlan, bool> fails, int budget = int.MaxValue)
    {
        public int Runs { get; private set; }

        public Task<IReadOnlyList<bool?>> TestAsync(IReadOnlyList<WritePlan> plans, CancellationToken ct)
        {
            Assert.That(plans, Has.Count.LessThanOrEqualTo(PlanShrinker.ProbeSize));
            var answers = plans.Select(p => Runs++ < budget ? fails(p) : (bool?)null).ToList();
            return Task.FromResult<IReadOnlyList<bool?>>(answers);
        }
    }

    private static PlanSpace Space() => ExploringFixtures.Space(ExploringFixtures.Small());

    private static WritePlan Cuts(PlanSpace space, WritePlan plan, IEnumerable<int> offsets) =>
        plan.WithCuts(offsets.Select(o => space.CutAt(plan, o)));

    [Test]
    public async Task DeltaDebugging_FindsThe1MinimalSubset()
    {
        var tests = 0;
        var (result, complete) = await DeltaDebugging.MinimizeAsync(Enumerable.Range(0, 40).ToList(), candidates =>
        {
            tests += candidates.Count;
            return Task.FromResult<int?>(candidates.ToList().FindIndex(c => c.Contains(3) && c.Contains(29)));
        });
        Assert.That(result, Is.EqualTo(new[] { 3, 29 }));
        Assert.That(complete, Is.True);
        Assert.That(tests, Is.LessThan(120));
    }

    [Test]
    public async Task Shrink_KeepsExactlyTheTwoCutsTheFailureNeeds_AndDropsUnneededEvents()
    {
        var space = Space();
        var length = space.Body(space.Base).Length;
        var (a, b) = (37, 120);
        var failing = Cuts(space, space.Base, Enumerable.Range(1, 30).Select(i => i * (length / 31)).Append(a).Append(b));
        bool Fails(WritePlan p) => space.OffsetsOf(p) is var o && o.Contains(a) && o.Contains(b) && p.Segments.Count == space.Segments.Count;

        var result = await new PlanShrinker(space, new FakeOracle(Fails).TestAsync).ShrinkAsync(failing, CancellationToken.None);

        Assert.That(space.OffsetsOf(result.Plan), Is.EqualTo(new[] { a, b }));
        Assert.That(result.Complete, Is.True);
        Assert.That(result.Steps[0], Is.EqualTo("cuts 32 → 2"));
        // 1-minimal: dropping either cut makes it pass.
        foreach (var cut in result.Plan.Cuts)
            Assert.That(Fails(result.Plan.WithCuts(result.Plan.Cuts.Where(c => c != cut))), Is.False);
    }

    [Test]
    public async Task Shrink_CrLfBugInOneEvent_EndsWithThatEventAndOneCut()
    {
        // The node-crlf-split bug on a fake client: a read ends between CR and LF inside the two-line data event.
        var space = Space();
        var multiline = 1;
        var plan = space.WithUniformEnding(space.Base, LineEnding.CrLf);
        var points = space.PointsOfInterest(plan);
        var failing = Cuts(space, plan, points[CutKind.CrLf].Concat(points[CutKind.MultiByte]).Concat(points[CutKind.EventBoundary]));
        bool Fails(WritePlan p) => p.Segments.Contains(multiline)
            && p.Cuts.Any(c => c.Segment == multiline && c.InsideCrLf && c.At == space.Segments[multiline].Slots[0] && space.OffsetOf(p, c) is not null);
        var oracle = new FakeOracle(Fails);

        var result = await new PlanShrinker(space, oracle.TestAsync).ShrinkAsync(failing, CancellationToken.None);

        Assert.That(result.Plan.Segments, Is.EqualTo(new[] { multiline }));
        Assert.That(result.Plan.Cuts, Has.Count.EqualTo(1));
        Assert.That(space.UniformEnding(result.Plan), Is.EqualTo(LineEnding.CrLf), "one transport setting writes it");
        Assert.That(result.Steps, Has.Some.StartsWith("events 5 → 1"));
    }

    [Test]
    public async Task Shrink_PerLineMix_KeepsOnlyTheLineThatMatters()
    {
        var space = Space();
        var endings = Enumerable.Range(0, space.SlotCount).Select(i => i % 2 == 0 ? LineEnding.CrLf : LineEnding.Lf).ToArray();
        var plan = space.Repair(space.Base with { Endings = endings });
        var target = space.Segments[1].FirstSlot; // the first data: line of the two-line event
        Assert.That(plan.Endings[target], Is.EqualTo(LineEnding.CrLf));
        var failing = Cuts(space, plan, space.PointsOfInterest(plan)[CutKind.CrLf]);
        // Fails only with that line in CRLF, cut inside, and the event after it ending in LF (so no uniform setting fails).
        bool Fails(WritePlan p) => p.Endings[target] == LineEnding.CrLf && p.Endings[target + 1] == LineEnding.Lf && p.Segments.Contains(1)
            && p.Cuts.Any(c => c.Segment == 1 && c.InsideCrLf && c.At == space.Segments[1].Slots[0] && space.OffsetOf(p, c) is not null);

        var result = await new PlanShrinker(space, new FakeOracle(Fails).TestAsync).ShrinkAsync(failing, CancellationToken.None);

        var changed = Enumerable.Range(0, space.SlotCount).Where(i => result.Plan.Endings[i] != space.BaseEndings[i] && result.Plan.Segments.Contains(SegmentOf(space, i))).ToList();
        Assert.That(changed, Is.EqualTo(new[] { target }));
        Assert.That(result.Plan.Cuts, Has.Count.EqualTo(1));
    }

    private static int SegmentOf(PlanSpace space, int slot) =>
        Enumerable.Range(0, space.Segments.Count).Last(i => space.Segments[i].FirstSlot <= slot);

    [Test]
    public async Task Shrink_MovesTwoNeededCutsTowardEachOther()
    {
        var space = Space();
        // Fails when two cuts fall 60+ bytes before and after offset 200: any such pair; the shrinker closes the gap.
        var failing = Cuts(space, space.Base, [20, 300]);
        bool Fails(WritePlan p) => space.OffsetsOf(p) is { Count: 2 } o && o[0] <= 140 && o[1] >= 260;
        var result = await new PlanShrinker(space, new FakeOracle(Fails).TestAsync).ShrinkAsync(failing, CancellationToken.None);
        var offsets = space.OffsetsOf(result.Plan);
        Assert.That(offsets[1] - offsets[0], Is.LessThan(280 / 2 + 1));
        Assert.That(Fails(result.Plan), Is.True);
    }

    [Test]
    public async Task Shrink_OutOfBudget_ReturnsTheSmallestFailingPlanReached()
    {
        var space = Space();
        var length = space.Body(space.Base).Length;
        var failing = Cuts(space, space.Base, Enumerable.Range(1, 40).Select(i => i * (length / 41)));
        var needed = space.OffsetsOf(failing)[17];
        var oracle = new FakeOracle(p => space.OffsetsOf(p).Contains(needed), budget: 5);

        var result = await new PlanShrinker(space, oracle.TestAsync).ShrinkAsync(failing, CancellationToken.None);

        Assert.That(result.Complete, Is.False);
        Assert.That(space.OffsetsOf(result.Plan), Does.Contain(needed));
        Assert.That(result.Plan.Cuts.Count, Is.LessThan(failing.Cuts.Count));
    }

    [Test]
    public async Task Shrink_IsDeterministic()
    {
        var space = Space();
        var failing = new PlanGenerator(space, 5).Next();
        var needed = space.OffsetsOf(failing).LastOrDefault();
        bool Fails(WritePlan p) => needed == 0 || space.OffsetsOf(p).Contains(needed);
        var a = await new PlanShrinker(space, new FakeOracle(Fails).TestAsync).ShrinkAsync(failing, CancellationToken.None);
        var b = await new PlanShrinker(space, new FakeOracle(Fails).TestAsync).ShrinkAsync(failing, CancellationToken.None);
        Assert.That(a.Plan.Key, Is.EqualTo(b.Plan.Key));
        Assert.That(a.Tests, Is.EqualTo(b.Tests));
    }
}
