using System.Text.Json.Nodes;
using Conformance.Core.Exploring;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;

namespace Conformance.Tests.Exploring;

[TestFixture]
public sealed class ScenarioWriterTests
{
    private static string Source(Scenario scenario) => File.ReadAllText(scenario.SourcePath!);

    private static ScenarioWriter.Output Write(PlanSpace space, WritePlan plan, string? source = null) =>
        ScenarioWriter.Write(space, plan, source ?? Source(space.Scenario), space.Scenario.Id + ".explored-s1-test", "t", "d");

    [Test]
    public void EveryExplorableScenario_ItsGeneratedPlans_WriteAsValidScenarios_ThatReplayByteForByte()
    {
        // Write() itself parses the file and compares every attempt, write by write (bytes and delays), with the
        // plan's scenario, and throws when they differ; here it runs on the whole catalogue.
        var forms = new Dictionary<string, int>();
        var dir = Directory.CreateTempSubdirectory("conformance-writer-").FullName;
        try
        {
            foreach (var space in ExploringFixtures.ExplorableSpaces(Profiles.OpenAi))
            {
                var generator = new PlanGenerator(space, 11);
                var plans = new List<WritePlan> { space.Base };
                for (var i = 0; i < 4; i++) plans.Add(generator.Next());
                if (space.CanRemoveEvents) plans.Add(space.Normalize(plans[^1] with { Segments = [.. plans[^1].Segments.Where((_, i) => i % 2 == 1)] }));
                for (var p = 0; p < plans.Count; p++)
                {
                    var output = ScenarioWriter.Write(space, plans[p], Source(space.Scenario), $"{space.Scenario.Id}.explored-s11-p{p}", "t", "d");
                    forms[output.Form] = forms.GetValueOrDefault(output.Form) + 1;
                    var file = Path.Combine(dir, space.Scenario.Family, $"{space.Scenario.Id}.explored-s11-p{p}.json");
                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                    File.WriteAllText(file, output.Json);
                }
            }
            var loaded = ScenarioCatalog.LoadDirectory(dir);
            Assert.That(loaded.Errors, Is.Empty, "written files load as a scenario folder (family folder, file name = id)");
            Assert.That(forms.Keys, Is.EquivalentTo(new[] { "steps", "raw" }));
            TestContext.Out.WriteLine($"{loaded.Catalog.All.Count} scenarios written: " + string.Join(", ", forms.Select(f => $"{f.Value} {f.Key}")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Test]
    public void OneCutPlan_IsWrittenWithTheOriginalSteps_OffsetsAndAnExplicitLineEnding()
    {
        var space = ExploringFixtures.Space(ExploringFixtures.ProofScenario);
        var inside = space.PointsOfInterest(space.Base)[CutKind.CrLf][2];
        var plan = space.Base with { Segments = [1], Cuts = [space.CutAt(space.Base, inside)] };
        plan = space.Normalize(plan);
        var output = Write(space, plan);

        Assert.That(output.Form, Is.EqualTo("steps"));
        var transport = JsonNode.Parse(output.Json)!["responses"]![0]!["stream"]!["transport"]!;
        Assert.That(transport["lineEnding"]!.GetValue<string>(), Is.EqualTo("crlf"));
        Assert.That(transport["split"]!["mode"]!.GetValue<string>(), Is.EqualTo("offsets"));
        Assert.That(transport["split"]!["at"]!.AsArray().Select(n => n!.GetValue<int>()), Is.EqualTo(space.OffsetsOf(plan)));
        Assert.That(JsonNode.Parse(output.Json)!["responses"]![0]!["stream"]!["events"]!.AsArray(), Has.Count.EqualTo(1));

        // The compiled body is the plan's, and its writes split exactly there.
        var compiled = ScenarioCompiler.Compile(output.Scenario, 1);
        Assert.That(compiled.Body(), Is.EqualTo(space.Body(plan)));
        Assert.That(compiled.Writes.Select(w => w.Bytes.Length).First(), Is.EqualTo(space.OffsetsOf(plan)[0]));
        Assert.That(compiled.Body()[space.OffsetsOf(plan)[0] - 1], Is.EqualTo((byte)'\r'));
    }

    [Test]
    public void GeneratedChunks_KeepTheOriginalsIds_UnderTheNewId()
    {
        // The compiler derives chunk ids ("chatcmpl-<hash of the scenario id>") and the model from the id: the
        // written file pins them, or its bytes would change with its new id.
        var space = ExploringFixtures.Space("framing.crlf.split-between-cr-and-lf");
        var plan = space.Base with { Cuts = [space.CutAt(space.Base, 30)] };
        var output = Write(space, plan);
        Assert.That(output.Form, Is.EqualTo("steps"));
        Assert.That(output.Json, Does.Contain("\"model\": \"framing.crlf.split-between-cr-and-lf\""));
        Assert.That(ScenarioCompiler.Compile(output.Scenario, 1).Body(), Is.EqualTo(ScenarioCompiler.Compile(space.Scenario, 1).Body()));
    }

    [Test]
    public void PerLineMix_IsWrittenAsRawSteps_ThatReplayIt()
    {
        var space = ExploringFixtures.Space(ExploringFixtures.Small());
        var endings = Enumerable.Range(0, space.SlotCount).Select(i => i % 3 == 1 ? LineEnding.CrLf : LineEnding.Lf).ToArray();
        var plan = space.Base with { Endings = endings };
        plan = plan.WithCuts(space.PointsOfInterest(plan)[CutKind.CrLf].Take(2).Select(o => space.CutAt(plan, o)));
        Assert.That(space.UniformEnding(plan), Is.Null);

        var output = Write(space, plan, ExploringFixtures.SmallJson);

        Assert.That(output.Form, Is.EqualTo("raw"));
        Assert.That(ScenarioCompiler.Compile(output.Scenario, 1).Body(), Is.EqualTo(space.Body(plan)));
    }

    [Test]
    public void SameInputs_SameFile()
    {
        var space = ExploringFixtures.Space(ExploringFixtures.ProofScenario);
        var plan = new PlanGenerator(space, 1).Next();
        Assert.That(Write(space, plan).Json, Is.EqualTo(Write(space, plan).Json));
    }

    [Test]
    public void Verify_ReportsAFileThatDoesNotReplayThePlan()
    {
        var space = ExploringFixtures.Space(ExploringFixtures.ProofScenario);
        var plan = space.Base with { Cuts = [space.CutAt(space.Base, 40)] };
        var output = Write(space, plan);
        var node = JsonNode.Parse(output.Json)!;
        node["responses"]![0]!["stream"]!["transport"]!["split"]!["at"]![0] = 41;
        var other = node.ToJsonString();
        var (scenario, error) = ScenarioWriter.Verify(other, "framing/x.json", space.ToScenario(plan, output.Scenario.Id));
        Assert.That(scenario, Is.Null);
        Assert.That(error, Does.Contain("write #1 differs"));
    }
}
