using Conformance.Core.Observations;
using Conformance.Core.Results;
using Conformance.Core.Scoring;
using Conformance.Proxy.Probe;
using Conformance.Proxy.Rules;

namespace Conformance.Tests.Proxy;

/// <summary>No proxy at all: the probe talks to the mock directly, so every rule must pass and the lag is the probe's own overhead.</summary>
public sealed class ProxyRunnerTests
{
    [Test]
    [Description("proxy.no-buffering, proxy.bytes.identical and every other proxy rule, with nothing in between")]
    public async Task Direct_EveryRulePasses_WithLagWithinTheLimit()
    {
        var run = await ProxyHarness.RunAsync(ProxyHarness.Direct);
        Assert.That(ProxyHarness.Failures(run), Is.Empty);
        var five = run.Cases.Single(c => c.ScenarioId == "proxy.buffering.five-events-200ms");
        var chunks = five.Observations.OfType<ChunkObservation>().ToList();
        Assert.That(chunks, Has.Count.EqualTo(6), "five events and [DONE], one arrival each");
        Assert.That(chunks.Select(c => c.Data.GetProperty("lagMs").GetDouble()), Is.All.LessThan(50));
        // One timeline: arrivals sit at the upstream write times (≈ 0, 200, …, 1000 ms), not at the probe's own clock.
        Assert.That(chunks[4].AtMs, Is.InRange(750, 1000));
        Assert.That(five.Observations[^1], Is.TypeOf<EndObservation>());
    }

    [Test]
    public async Task Direct_ResultsJson_RoundTrips()
    {
        var run = await ProxyHarness.RunAsync(ProxyHarness.Direct);
        var back = ResultsJson.Deserialize(ResultsJson.Serialize(run));
        Assert.That(back.Cases, Has.Count.EqualTo(run.Cases.Count));
        Assert.That(back.Rules.Select(r => r.Id), Does.Contain(ProxyRules.NoBuffering));
    }

    [Test]
    public async Task Probe_AgainstMockDirectly_RecordsEveryReadAndDeChunks()
    {
        await using var mock = Conformance.Server.Hosting.MockServer.Start(new() { Port = 0 }, new Conformance.Proxy.Cases.ProxyScenarioSource(Conformance.Proxy.Cases.ProxyCases.All));
        var handle = mock.AllocateCase("proxy.encoding.split-utf8");
        var record = await new ProbeClient().SendAsync(mock.BaseUrl, handle.BaseUrl.AbsolutePath + "/chat/completions", null, TimeSpan.FromSeconds(5), default);
        Assert.That(record.Ended, Is.EqualTo(ProbeEnds.Clean));
        Assert.That(record.Header("Transfer-Encoding"), Is.EqualTo("chunked"));
        Assert.That(System.Text.Encoding.UTF8.GetString(record.Body), Does.Contain("café").And.Contain("\U0001F642"));
        Assert.That(record.Segments, Has.Count.GreaterThanOrEqualTo(5), "the five writes are 50 ms apart: five separate reads");
        var journal = await mock.CompletedJournalAsync(handle.CaseId, TimeSpan.FromSeconds(2), default);
        var t0 = journal!.Exchanges[0].Request.At;
        foreach (var w in journal.Exchanges[0].Response!.Writes)
        {
            var lag = (record.ArrivalOf(w.Offset + w.Length - 1)!.Value - t0).TotalMilliseconds - w.AtMs;
            Assert.That(lag, Is.LessThan(50), $"write at {w.AtMs} ms");
        }
    }
}
