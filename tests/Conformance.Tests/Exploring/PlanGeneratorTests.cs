using Conformance.Core.Exploring;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;

namespace Conformance.Tests.Exploring;

[TestFixture]
public sealed class PlanGeneratorTests
{
    private static List<string> Keys(PlanSpace space, int seed, int count)
    {
        var generator = new PlanGenerator(space, seed);
        return [.. Enumerable.Range(0, count).Select(_ => generator.Next().Key)];
    }

    [Test]
    public void SameSeed_SamePlans_ForEveryScenario()
    {
        foreach (var space in ExploringFixtures.ExplorableSpaces(Profiles.OpenAi))
            Assert.That(Keys(space, 7, 20), Is.EqualTo(Keys(space, 7, 20)), space.Scenario.Id);
    }

    [Test]
    public void SameSeed_SamePlans_AcrossFreshSpaces()
    {
        // Nothing but the seed and the scenario feeds the sequence: a fresh load gives the same plans.
        var a = ExploringFixtures.Space(ExploringFixtures.ProofScenario);
        var b = PlanSpace.TryCreate(Conformance.Core.Scenarios.ScenarioCatalog.LoadDirectory(Conformance.Tests.Support.Repo.Scenarios).Catalog.Find(ExploringFixtures.ProofScenario)!, Profiles.OpenAi).Space!;
        Assert.That(Keys(a, 1, 40), Is.EqualTo(Keys(b, 1, 40)));
    }

    [Test]
    public void DifferentSeeds_DifferentPlans()
    {
        var space = ExploringFixtures.Space(ExploringFixtures.ProofScenario);
        Assert.That(Keys(space, 1, 20), Is.Not.EqualTo(Keys(space, 2, 20)));
        Assert.That(PlanGenerator.SeedFor(1, "a.b"), Is.Not.EqualTo(PlanGenerator.SeedFor(1, "a.c")));
    }

    [Test]
    public void Plans_StayInsideTheProfile_AndKeepTheEvents([Values("openai", "bastion", "whatwg")] string profileName)
    {
        var profile = Profiles.Find(profileName)!;
        var checkedPlans = 0;
        foreach (var space in ExploringFixtures.ExplorableSpaces(profile))
        {
            var own = ExpectationBuilder.Build(space.Scenario, profile);
            var generator = new PlanGenerator(space, 3);
            for (var i = 0; i < 12; i++)
            {
                var plan = generator.Next();
                var where = $"{space.Scenario.Id} plan #{i + 1} {plan.Key}";
                Assert.That(space.Invalid(plan), Is.Null, where);
                for (var line = 0; line < space.SlotCount; line++)
                    Assert.That(plan.Endings[line] == space.BaseEndings[line] || space.AllowedEndings.Contains(plan.Endings[line]), where);
                if (profile.BareCrEndsLine != true)
                    Assert.That(plan.Endings.Where((e, line) => e == LineEnding.Cr && space.BaseEndings[line] != LineEnding.Cr), Is.Empty, where + ": a lone CR the profile leaves open");
                var length = space.Body(plan).Length;
                var offsets = space.OffsetsOf(plan);
                Assert.That(offsets.All(o => o > 0 && o < length), where);
                Assert.That(offsets, Has.Count.LessThanOrEqualTo(space.MaxCuts), where);
                Assert.That(plan.Segments, Has.Count.EqualTo(space.Segments.Count), where + ": generated plans keep every event");

                // Only the layout moves: a correct client yields the same, and the profile defines no less than it did.
                var expectation = ExpectationBuilder.Build(space.ToScenario(plan, space.Scenario.Id + ".x"), profile);
                Assert.That(expectation.Undefined.Keys, Is.SubsetOf(own.Undefined.Keys), where);
                Assert.That(expectation.Chunks.Select(c => c.Json), Is.EqualTo(own.Chunks.Select(c => c.Json)), where);
                Assert.That(expectation.Outcome.ToString(), Is.EqualTo(own.Outcome.ToString()), where);
                checkedPlans++;
            }
        }
        Assert.That(checkedPlans, Is.GreaterThan(500));
    }

    [Test]
    public void Plans_CoverEveryKindOfCut_AndEveryEnding()
    {
        var space = ExploringFixtures.Space(ExploringFixtures.Small());
        var generator = new PlanGenerator(space, 1);
        var kinds = new HashSet<CutKind>();
        var endings = new HashSet<LineEnding>();
        var coalesced = 0;
        for (var i = 0; i < 200; i++)
        {
            var plan = generator.Next();
            foreach (var o in space.OffsetsOf(plan)) kinds.Add(space.KindAt(plan, o));
            foreach (var e in plan.Endings) endings.Add(e);
            if (space.OffsetsOf(plan).Count < space.Segments.Count - 1) coalesced++;
        }
        Assert.That(kinds, Is.SupersetOf(new[] { CutKind.CrLf, CutKind.MultiByte, CutKind.EventBoundary, CutKind.LineStart, CutKind.FieldName, CutKind.Json }));
        Assert.That(endings, Is.EquivalentTo(new[] { LineEnding.Lf, LineEnding.CrLf, LineEnding.Cr }));
        Assert.That(coalesced, Is.GreaterThan(20), "plans with several events in one write");
    }

    [Test]
    public void DefaultSeed_ReachesTheCrLfCutInsideTheMultiLineEvent_Early()
    {
        // The proof's bug needs a read to end between the CR and the LF of the first or second data: line of the
        // three-line event; the generator aims there on its own (CutKind.CrLf weighs 3 of 11).
        var space = ExploringFixtures.Space(ExploringFixtures.ProofScenario);
        var generator = new PlanGenerator(space, 1);
        var multiline = space.Segments.Select((s, i) => (s, i)).Single(x => x.s.Slots.Count == 4).i;
        int? first = null;
        for (var n = 1; n <= 40 && first is null; n++)
        {
            var plan = generator.Next();
            var hits = plan.Cuts.Where(c => c.Segment == multiline && c.InsideCrLf && c.At < space.Segments[multiline].Slots[2] && space.OffsetOf(plan, c) is not null);
            if (hits.Any()) first = n;
        }
        Assert.That(first, Is.Not.Null.And.LessThanOrEqualTo(20));
    }
}
