using Conformance.Core.Journal;
using Conformance.Core.Scoring;
using Conformance.Core.Wire;
using Conformance.Proxy.Cases;
using Conformance.Proxy.Probe;
using Conformance.Proxy.Rules;
using Conformance.Proxy.Scoring;

namespace Conformance.Tests.Proxy;

/// <summary>The checks on hand-made records: no proxy, no timing.</summary>
public sealed class ProxyScorerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static CaseJournal Journal(string ended, params (double AtMs, byte[] Bytes)[] writes)
    {
        var offset = 0;
        var list = writes.Select(w => { var j = new JournalWrite(offset, w.Bytes.Length, w.AtMs, w.Bytes); offset += w.Bytes.Length; return j; }).ToList();
        return new CaseJournal
        {
            CaseId = "c1", ScenarioId = "x",
            Exchanges = [new JournalExchange
            {
                Attempt = 1,
                Request = new JournalRequest { At = T0, Method = "POST", Path = "/", Headers = [], Body = "" },
                Response = new JournalResponse { Status = 200, Framing = BodyFraming.Chunked, Head = [], Writes = list, Ended = ended, EndedAtMs = 300, Complete = true },
            }],
        };
    }

    [Test]
    [Description(ProxyRules.ResetPropagates)]
    public void Reset_DeliveredAsACleanEnd_Fails()
    {
        var body = "data: {}\n\n"u8.ToArray();
        var probe = new ProbeRecord { SentAt = T0, Status = 200, Body = body, Segments = [new BodySegment(0, body.Length, T0.AddMilliseconds(5))], Ended = ProbeEnds.Clean, EndedAt = T0.AddMilliseconds(6) };
        var score = ProxyScorer.Score(ProxyCases.Reset, probe, Journal(Ends.Reset, (1, body)));
        var v = score.Verdicts.Single();
        Assert.That(v.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(v.Reason, Does.Contain("ended the response cleanly"));
    }

    [Test]
    [Description(ProxyRules.NoBuffering)]
    public void HeldEvents_AreFlagged_WithTheLagOfTheWorst()
    {
        var a = "data: 1\n\n"u8.ToArray();
        var b = "data: 2\n\n"u8.ToArray();
        byte[] both = [.. a, .. b];
        var probe = new ProbeRecord { SentAt = T0, Status = 200, Body = both, Segments = [new BodySegment(0, both.Length, T0.AddMilliseconds(1000))], Ended = ProbeEnds.Clean, EndedAt = T0.AddMilliseconds(1000) };
        var score = ProxyScorer.Score(ProxyCases.FiveEventsChunked, probe, Journal(Ends.Clean, (0, a), (200, b)));
        var v = score.Verdicts.First(x => x.RuleId == ProxyRules.NoBuffering);
        Assert.That(v.Verdict, Is.EqualTo(Verdict.Fail));
        Assert.That(v.Reason, Does.StartWith("event 1 arrived 1000 ms after its upstream write (limit 50 ms)"));
        Assert.That(score.Timeline.Select(w => w.LagMs), Is.EqualTo(new double?[] { 1000, 800 }));
    }

    [Test]
    public void NoUpstreamRequest_FailsEveryRule_WithTheProbeError()
    {
        var probe = new ProbeRecord { SentAt = T0, Ended = ProbeEnds.Error, EndedAt = T0, Error = "ConnectionRefused" };
        var score = ProxyScorer.Score(ProxyCases.FiveEvents, probe, null);
        Assert.That(score.Verdicts.Select(v => v.Verdict), Is.All.EqualTo(Verdict.Fail));
        Assert.That(score.Verdicts[0].Reason, Does.Contain("ConnectionRefused"));
    }
}
