using Conformance.Core.Journal;
using Conformance.Core.Observations;
using Conformance.Core.Scoring;
using Conformance.Core.Scoring.Checks;
using static Conformance.Tests.Scoring.CheckCase;

namespace Conformance.Tests.Scoring;

/// <summary>
/// client.cancel.closes-connection: the close, on the journal's clock, counted from the moment the client had the Nth
/// chunk: the server's write of it, or, when the client stamps its observations itself (a browser page), the later moment
/// it yielded it (a busy browser hands a chunk to the page late; that is delivery, not the cancel).
/// </summary>
public sealed class CancelCheckTests
{
    private static readonly CancelCheck Check = new();
    private static readonly Conformance.Core.Rules.Rule Rule = CheckCase.Rule("client.cancel.closes-connection", Conformance.Core.Rules.CheckKinds.Cancel);

    /// <summary>Five deltas, cancel after 2; the server writes one event per write, 10 ms apart (chunk #2 complete at 10 ms).</summary>
    private static CheckCase Cancelling(double closedAtMs)
    {
        var c = Stream("""{ "content": "a" }, { "content": "b" }, { "content": "c" }, { "content": "d" }, { "content": "e" }, { "done": true }""",
            client: """{ "cancelAfter": 2 }""");
        var e = c.Journal.Exchanges[0];
        return c.WithJournal(c.Journal with
        {
            Exchanges = [e with { Response = e.Response! with { Ended = Ends.ClientClosed, ClientClosedAtMs = closedAtMs } }],
        });
    }

    /// <summary>Two chunks reported at the given ms (the client's clock starts with the request), then `cancelled`.</summary>
    private static ScoringInput Reported(CheckCase c, double firstMs, double secondMs, double endMs, bool stamped = true)
    {
        var lines = Lines(Chunk(c.Expectation.Chunks[0].Json), Chunk(c.Expectation.Chunks[1].Json), EndLine("cancelled"));
        IReadOnlyList<Observation> timed = [lines[0] with { AtMs = firstMs }, lines[1] with { AtMs = secondMs }, lines[2] with { AtMs = endMs }];
        var at = c.Journal.Exchanges[0].Request.At;
        return c.Input(timed) with { Lifetime = new ClientLifetime(at, at.AddMilliseconds(endMs + CancelCheck.LingerMs)) { StampedByClient = stamped } };
    }

    private static double SentAt(CheckCase c) => c.Journal.Exchanges[0].Response!.Writes[1].AtMs;

    [Test]
    public void PromptClose_AfterTheWrite_Passes()
    {
        var c = Cancelling(closedAtMs: 60);
        var r = Check.Evaluate(Reported(c, 5, 15, 20), Rule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Met), r.Reason);
    }

    [Test]
    public void LateDelivery_CloseRightAfterTheClientHadTheChunk_Passes_FromItsReport()
    {
        // Chunk #2 written at 10 ms, but the (busy) client reported it only at 800 ms and closed at 850 ms.
        var c = Cancelling(closedAtMs: 850);
        var r = Check.Evaluate(Reported(c, 790, 800, 805), Rule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Met), r.Reason);
        Assert.That(r.Reason, Does.Contain("closed the connection 50 ms after chunk #2 was sent at").And.Contain("yielded by the client at 800 ms"));
    }

    [Test]
    public void OnTimeReport_LateClose_Fails()
    {
        var c = Cancelling(closedAtMs: 10 + CancelCheck.LimitMs + 100);
        var r = Check.Evaluate(Reported(c, 5, 12, 14), Rule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed), r.Reason);
        Assert.That(r.Reason, Does.Contain("limit 500 ms"));
        Assert.That(SentAt(c), Is.EqualTo(10), "the test's premise: chunk #2 is the second write");
    }

    [Test]
    public void ReceiptTimes_AreNotTheClientsOwn_TheWriteIsTheStart()
    {
        // A process adapter's times are when the runner read its lines: later than its acts, so they excuse nothing.
        var c = Cancelling(closedAtMs: 10 + CancelCheck.LimitMs + 100);
        var r = Check.Evaluate(Reported(c, 790, 800, 805, stamped: false), Rule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed), r.Reason);
    }

    [Test]
    public void WithoutALifetime_TheWriteIsTheStart()
    {
        var c = Cancelling(closedAtMs: 10 + CancelCheck.LimitMs + 100);
        var r = Check.Evaluate(Reported(c, 790, 800, 805) with { Lifetime = null }, Rule);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed), r.Reason);
    }
}
