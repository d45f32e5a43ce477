using Conformance.Core.Exploring;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;

namespace Conformance.Tests.Exploring;

[TestFixture]
public sealed class PlanSpaceTests
{
    [Test]
    public void EveryCatalogueScenario_HasAPlanSpace_OrSaysWhyNot()
    {
        // TryCreate also proves the base plan is the scenario's own body, byte for byte (it throws otherwise).
        foreach (var scenario in ExploringFixtures.Catalog.All)
        {
            var (space, why) = PlanSpace.TryCreate(scenario, Profiles.OpenAi);
            var streams = scenario.Responses.Any(r => r.Stream is not null && r.Status is >= 200 and < 300)
                          && !scenario.Responses.Any(r => r.Stream?.Events.Any(e => e is Conformance.Core.Scenarios.Steps.BytesStep) == true)
                          // A deliberately empty body (termination.eof.empty-body) has no bytes to re-plan.
                          && !scenario.Responses.Any(r => r.Stream?.Events.All(e => e is Conformance.Core.Scenarios.Steps.RawStep { Text: "" }) == true);
            Assert.That(space is not null, Is.EqualTo(streams), $"{scenario.Id}: {why}");
            if (space is null) Assert.That(why, Is.Not.Empty);
        }
    }

    [Test]
    public void BasePlanScenario_CompilesToTheOriginalBody()
    {
        foreach (var space in ExploringFixtures.ExplorableSpaces(Profiles.OpenAi))
        {
            var attempt = space.ResponseIndex + 1;
            var original = ScenarioCompiler.Compile(space.Scenario, attempt);
            var variant = ScenarioCompiler.Compile(space.ToScenario(space.Base, "x.base"), attempt);
            // Gzip compresses write by write, so only the decoded bodies compare across different cuts.
            Assert.That(Decoded(variant), Is.EqualTo(Decoded(original)), space.Scenario.Id);
            Assert.That(variant.Ending, Is.EqualTo(original.Ending), space.Scenario.Id);
        }
    }

    private static byte[] Decoded(Conformance.Core.Wire.ResponsePlan plan)
    {
        var body = plan.Body();
        if (!plan.Headers.Any(h => h.Key == "Content-Encoding" && h.Value == "gzip")) return body;
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(body), System.IO.Compression.CompressionMode.Decompress);
        var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    [Test]
    public void CutAt_And_OffsetOf_AreInverse_UnderEveryEnding()
    {
        var space = ExploringFixtures.Space(ExploringFixtures.Small());
        foreach (var mode in new[] { LineEnding.Lf, LineEnding.CrLf, LineEnding.Cr, LineEnding.Mixed })
        {
            var plan = space.WithUniformEnding(space.Base, mode);
            var length = space.Body(plan).Length;
            for (var offset = 1; offset < length; offset++)
                Assert.That(space.OffsetOf(plan, space.CutAt(plan, offset)), Is.EqualTo(offset), $"{mode} at {offset}");
        }
    }

    [Test]
    public void CutBetweenCrAndLf_DisappearsWhenItsLineNoLongerEndsInCrLf()
    {
        var space = ExploringFixtures.Space(ExploringFixtures.Small());
        var crlf = space.WithUniformEnding(space.Base, LineEnding.CrLf);
        var inside = space.PointsOfInterest(crlf)[CutKind.CrLf][0];
        var cut = space.CutAt(crlf, inside);
        Assert.That(cut.InsideCrLf, Is.True);

        var lf = crlf with { Endings = space.BaseEndings, Cuts = [cut] };
        Assert.That(space.OffsetOf(lf, cut), Is.Null);
        Assert.That(space.Normalize(lf).Cuts, Is.Empty);
    }

    [Test]
    public void PointsOfInterest_FindTheClassicPlaces()
    {
        var space = ExploringFixtures.Space(ExploringFixtures.Small());
        var plan = space.WithUniformEnding(space.Base, LineEnding.CrLf);
        var body = space.Body(plan);
        var points = space.PointsOfInterest(plan);

        Assert.That(points[CutKind.CrLf].All(o => body[o - 1] == '\r' && body[o] == '\n'), Is.True);
        Assert.That(points[CutKind.MultiByte], Has.Count.EqualTo(2), "ü and ß: one cut inside each");
        Assert.That(points[CutKind.EventBoundary], Has.Count.EqualTo(4));
        var text = System.Text.Encoding.UTF8.GetString(body);
        var data = text.IndexOf("data:", StringComparison.Ordinal);
        Assert.That(points[CutKind.FieldName], Does.Contain(data + 2), "da|ta");
        var done = text.IndexOf("[DONE]", StringComparison.Ordinal);
        Assert.That(points[CutKind.Json], Does.Contain(done + 3), "[DO|NE]");
    }

    [Test]
    public void Invalid_RefusesALoneCrBeforeAnLf_AndCrWhereTheProfileLeavesItOpen()
    {
        var space = ExploringFixtures.Space(ExploringFixtures.Small());
        // Every line CR but the blank line after the first data line LF: "…\r" + "\n" would read as one CRLF.
        var endings = Enumerable.Repeat(LineEnding.Cr, space.SlotCount).ToArray();
        endings[1] = LineEnding.Lf;
        var merging = space.Base with { Endings = endings };
        Assert.That(space.Invalid(merging), Does.Contain("lone CR"));
        Assert.That(space.Invalid(space.Repair(merging)), Is.Null);

        var bastion = ExploringFixtures.Space(ExploringFixtures.Small(), Profiles.Bastion);
        Assert.That(bastion.AllowedEndings, Is.EquivalentTo(new[] { LineEnding.Lf, LineEnding.CrLf }));
        Assert.That(bastion.Invalid(bastion.WithUniformEnding(bastion.Base, LineEnding.Cr)), Does.Contain("not allowed"));
    }

    [Test]
    public void RemovingEvents_KeepsTheOtherEventsBytes_AndADefinedExpectation()
    {
        var space = ExploringFixtures.Space(ExploringFixtures.Small());
        var plan = space.Base with { Segments = [1, 2] };
        var expectation = ExpectationBuilder.Build(space.ToScenario(plan, "framing.small.two"), Profiles.OpenAi);
        Assert.That(expectation.Undefined, Is.Empty);
        Assert.That(expectation.Text, Is.EqualTo("HiGrüße"));
        Assert.That(expectation.Outcome.Kind, Is.EqualTo("eof"), "no [DONE] any more");
    }
}
