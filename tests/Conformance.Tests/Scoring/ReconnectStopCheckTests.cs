using Conformance.Core.Rules;
using Conformance.Core.Scoring;
using Conformance.Core.Scoring.Checks;
using static Conformance.Tests.Scoring.ReconnectCase;

namespace Conformance.Tests.Scoring;

[Description("sse.reconnect.204-stops, sse.reconnect.content-type-stops, sse.reconnect.http-error-stops")]
public sealed class ReconnectStopCheckTests
{
    private static readonly Rule Stops = CheckCase.Rule("sse.reconnect.204-stops", CheckKinds.ReconnectStop);
    private static readonly ReconnectCase Told = Of(3, null, Stream("retry: 200\nid: 1\ndata: a\n\n"), """{ "status": 204, "framing": "content-length" }""");

    [Test]
    public void NoRequestAfterTheStoppingResponse_IsMet()
    {
        var r = new ReconnectStopCheck().Evaluate(Told.Input(Told.Journal((null, 0), ("1", 210))), Stops);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Met));
        Assert.That(r.Reason, Is.EqualTo("attempt 2 failed the connection (HTTP 204 No Content) and the client stopped reconnecting: no request followed"));
    }

    [Test]
    public void ARequestAfterIt_Misses_WithTheGap()
    {
        var r = new ReconnectStopCheck().Evaluate(Told.Input(Told.Journal((null, 0), ("1", 210), ("1", 230), ("1", 230))), Stops);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(r.Reason, Is.EqualTo("attempt 2 failed the connection (HTTP 204 No Content), yet the client reconnected 230 ms later (2 more request(s))"));
    }

    [Test]
    public void AClientThatStoppedEarlier_IsNotReached()
    {
        var r = new ReconnectStopCheck().Evaluate(Told.Input(Told.Journal((null, 0))), Stops);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.NotApplicable));
        Assert.That(r.Reason, Does.StartWith("not reached"));
    }

    [Test]
    public void ACaseWithoutAStoppingResponse_IsNotApplicable()
    {
        var c = Of(1, null, Stream("data: a\n\n"), Stream("data: b\n\n"));
        Assert.That(new ReconnectStopCheck().Evaluate(c.Input(c.Correct()), Stops).Reason, Is.EqualTo("no response of this case fails the connection"));
    }
}
