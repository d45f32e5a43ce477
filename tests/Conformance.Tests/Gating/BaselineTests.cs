using Conformance.Core.Gating;
using Conformance.Core.Scoring;
using Conformance.Tests.Reports;

namespace Conformance.Tests.Gating;

public sealed class BaselineTests
{
    [Test]
    public void WriteBaseline_RoundTrips_AndMakesTheSameRunPass()
    {
        var run = RunFixture.Build();
        Assert.That(GateEvaluator.Evaluate(run).ExitCode, Is.EqualTo(GateOutcome.Failed));

        var path = Path.Combine(Path.GetTempPath(), $"known-failures-{Guid.NewGuid():N}.json");
        try
        {
            Baseline.FromRun(run).Save(path);
            var loaded = Baseline.Load(path);
            Assert.That(loaded.Entries, Is.EqualTo(Baseline.FromRun(run).Entries));
            Assert.That(loaded.Entries.Select(e => e.ToString()), Does.Contain("node-sdk encoding.split-utf8 › sse.utf8.split"));
            Assert.That(loaded.Entries.All(e => e.Reason.Length > 0));

            var outcome = GateEvaluator.Evaluate(run, loaded);
            Assert.That(outcome.ExitCode, Is.EqualTo(GateOutcome.Pass), string.Join("\n", outcome.Messages));
            Assert.That(outcome.Baselined, Has.Count.EqualTo(outcome.Baselined.Count + outcome.NewFailures.Count));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void FromRun_ListsOnlyGatingFailures()
    {
        var entries = Baseline.FromRun(RunFixture.Build()).Entries;
        var verdicts = RunFixture.Build().Cases.SelectMany(c => c.Verdicts.Select(v => (c.Client, c.ScenarioId, v))).ToList();
        Assert.That(entries, Has.Count.EqualTo(verdicts.Count(x => x.v.Verdict is Verdict.Fail or Verdict.AdapterError or Verdict.Timeout)));
        Assert.That(entries.First().Reason, Does.StartWith("FAIL: "));
    }

    [Test]
    public void Parse_FileFormat_ClientOptional()
    {
        var baseline = Baseline.Parse("""
            {
              // comments and trailing commas are fine in a hand-written file
              "version": 1,
              "entries": [
                { "case": "encoding.split-utf8", "rule": "sse.utf8.split", "reason": "every client today" },
                { "client": "*", "case": "timing.stall", "rule": "stream.stall.detect", "reason": "same" },
                { "client": "node-sdk", "case": "framing.crlf", "rule": "sse.framing.crlf", "reason": "issue #12" },
              ],
            }
            """);
        Assert.That(baseline.Entries.Select(e => e.MatchesAnyClient), Is.EqualTo(new[] { true, true, false }));
        Assert.That(baseline.Entries[2].Matches("node-sdk", "framing.crlf", "sse.framing.crlf"));
        Assert.That(baseline.Entries[2].Matches("other", "framing.crlf", "sse.framing.crlf"), Is.False);
    }

    [Test]
    public void Parse_CollectsEveryError_WithItsLocation()
    {
        var ex = Assert.Throws<BaselineFormatException>(() => Baseline.Parse("""
            {"version": 2, "entries": [
              {"case": "a", "rule": "r", "reason": ""},
              {"client": "", "case": "", "rule": "r", "reason": "x"}
            ]}
            """, "kf.json"));
        Assert.That(ex!.Errors, Is.EqualTo(new[]
        {
            "kf.json: version 2 is not supported (expected 1)",
            "kf.json: entries[0].reason is empty: say why the failure is accepted",
            "kf.json: entries[1].case is empty",
            "kf.json: entries[1].client is empty: omit it or use \"*\" for every client",
        }));
    }

    [Test]
    public void Parse_UnknownMember_FailsLoudly()
    {
        var ex = Assert.Throws<BaselineFormatException>(() => Baseline.Parse("""{"version":1,"entries":[{"case":"a","rule":"r","reasn":"typo"}]}"""));
        Assert.That(ex!.Message, Does.Contain("reasn"));
    }
}
