using Conformance.Core.Rules;
using Conformance.Core.Scoring;
using Conformance.Core.Scoring.Checks;
using static Conformance.Tests.Scoring.ReconnectCase;

namespace Conformance.Tests.Scoring;

[Description("sse.reconnect.last-event-id, sse.id.nul-ignored, sse.id.empty-resets, sse.id.persists, sse.id.set-without-data")]
public sealed class LastEventIdCheckTests
{
    private static readonly Rule LastId = CheckCase.Rule("sse.reconnect.last-event-id", CheckKinds.LastEventId);
    private static readonly ReconnectCase Ids = Of(2, null, Stream("retry: 200\nid: 1\ndata: a\n\nid: café-☕\ndata: b\n\n"), Stream("id: 3\ndata: c\n\n"), Stream("id: 4\ndata: d\n\n"));
    private static readonly ReconnectCase Reset = Of(1, null, Stream("retry: 200\nid: 1\ndata: a\n\nid\ndata: b\n\n"), Stream("id: 3\ndata: c\n\n"));

    private static CheckResult Judge(ReconnectCase c, params (string?, double)[] requests) => new LastEventIdCheck().Evaluate(c.Input(c.Journal(requests)), LastId);

    [Test]
    public void TheExpectedHeaders_AsUtf8_AreMet()
    {
        var r = Judge(Ids, (null, 0), ("café-☕", 200), ("3", 200));
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Met), r.Reason);
        Assert.That(r.Reason, Is.EqualTo("every request carried the expected Last-Event-ID: (no header), \"café-☕\", \"3\""));
    }

    [Test]
    public void AMissingHeader_Misses_NamingTheRequestAndTheId()
    {
        var r = Judge(Ids, (null, 0), (null, 200), ("3", 200));
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(r.Reason, Is.EqualTo("request 2 (reconnection 1) carried no Last-Event-ID; the last event ID string after attempt 1 is \"café-☕\""));
    }

    [Test]
    public void AnIdSentAsLatin1_Misses_AndSaysSo()
    {
        var c = Ids;
        var journal = c.Journal((null, 0), ("x", 200), ("3", 200));
        var latin1 = journal with
        {
            Exchanges = [journal.Exchanges[0], journal.Exchanges[1] with { Request = journal.Exchanges[1].Request with { Headers = [new("Last-Event-ID", "café-☕"[..4])] } }, journal.Exchanges[2]],
        };
        var r = new LastEventIdCheck().Evaluate(c.Input(latin1), LastId);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(r.Observed, Is.EqualTo("\"caf\uFFFD\""), "the byte E9 alone is not UTF-8");
    }

    [Test]
    public void AHeaderAfterAnEmptyId_Misses()
    {
        var r = Judge(Reset, (null, 0), ("1", 200));
        Assert.That(r.Reason, Is.EqualTo("request 2 (reconnection 1) carried Last-Event-ID \"1\", but the last event ID string after attempt 1 is empty, and then no header is sent"));
        Assert.That(Judge(Reset, (null, 0), (null, 200)).Status, Is.EqualTo(CheckStatus.Met));
    }

    [Test]
    public void AHeaderOnTheFirstRequest_Misses()
    {
        Assert.That(Judge(Ids, ("0", 0), ("café-☕", 200), ("3", 200)).Reason, Is.EqualTo("the first request carried Last-Event-ID \"0\" before any event was seen"));
    }

    [Test]
    public void NoReconnection_IsNotReached()
    {
        Assert.That(Judge(Ids, (null, 0)).Status, Is.EqualTo(CheckStatus.NotApplicable));
    }
}
