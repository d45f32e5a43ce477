using Conformance.Cli.Running;
using Conformance.Tests.Reports;

namespace Conformance.Tests.Cli;

/// <summary>The main job's self-check: a run matches the expected failures exactly, or each difference is named.</summary>
[TestFixture]
public sealed class ExpectedFailuresTests
{
    private string _file = null!;

    [SetUp]
    public void File() => _file = Path.GetTempFileName();

    [TearDown]
    public void Clean() => System.IO.File.Delete(_file);

    private ExpectedFailures With(string json)
    {
        System.IO.File.WriteAllText(_file, json);
        return ExpectedFailures.Load(_file);
    }

    [Test]
    public void RunMatchingTheFile_HasNoDifferences()
    {
        var run = RunFixture.Build();
        var json = "{" + string.Join(",", run.Clients.Select(c =>
            $"\"{c.Name}\":{{\"bug\":\"b\",\"rules\":[{string.Join(",", ExpectedFailures.Broken(run, c.Name).Select(r => $"\"{r}\""))}]}}")) + "}";

        Assert.That(With(json).Differences(run), Is.Empty);
    }

    [Test]
    public void ClientBreakingAnUnlistedRule_OrNoLongerBreakingAListedOne_IsNamed()
    {
        var run = RunFixture.Build();
        var broken = ExpectedFailures.Broken(run, "evil-cli");
        Assert.That(broken, Is.Not.Empty, "the fixture's hostile client fails rules");
        var json = """{ "evil-cli": { "bug": "the test bug", "rules": ["rule.that.now.passes"] } }""";

        var differences = With(json).Differences(run);

        Assert.That(differences, Has.Some.Contains("evil-cli now breaks " + broken[0]));
        Assert.That(differences, Has.Some.Contains("no longer breaks rule.that.now.passes").And.Contains("the test bug"));
    }
}
