using Conformance.Core.Capabilities;
using Conformance.Core.Rules;
using Conformance.Core.Scoring;
using Conformance.Core.Scoring.Checks;
using static Conformance.Tests.Scoring.ReconnectCase;

namespace Conformance.Tests.Scoring;

[Description("sse.reconnect.events-once")]
public sealed class ReconnectEventsCheckTests
{
    private static readonly Rule Once = CheckCase.Rule("sse.reconnect.events-once", CheckKinds.ReconnectEvents);
    private static readonly ReconnectCase Cut = Of(1, null, Stream("retry: 200\nid: 1\ndata: complete\n\nid: 2\ndata: cut\n", """{ "kind": "fin" }"""), Stream("id: 3\ndata: resumed\n\n"));

    private static CheckResult Judge(params string[] lines) =>
        new ReconnectEventsCheck().Evaluate(Cut.Input(Cut.Correct(), CheckCase.Lines([.. lines, CheckCase.EndLine("eof")])), Once);

    [Test]
    public void EveryConnectionsEventsOnce_AreMet()
    {
        var r = new ReconnectEventsCheck().Evaluate(Cut.Input(Cut.Correct(), Events(Cut.Expectation.Events)), Once);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Met), r.Reason);
        Assert.That(Cut.Expectation.Events.Select(e => e.Data), Is.EqualTo(new[] { "complete", "resumed" }));
    }

    [Test]
    public void TheCutEvent_CompletedByTheNextConnection_Differs_AndSaysWhy()
    {
        var r = Judge("""{"type":"event","data":"complete","id":"1"}""", """{"type":"event","data":"cut\nresumed","id":"3"}""");
        Assert.That(r.Status, Is.EqualTo(CheckStatus.Missed));
        Assert.That(r.Reason, Does.StartWith("event #2 differs from attempt 2's event: data \"cut\\nresumed\""));
        Assert.That(r.Reason, Does.Contain("completed by the next connection's bytes"));
    }

    [Test]
    public void AnEventDispatchedAgain_IsExtra()
    {
        var r = Judge("""{"type":"event","data":"complete","id":"1"}""", """{"type":"event","data":"complete","id":"1"}""", """{"type":"event","data":"resumed","id":"3"}""");
        Assert.That(r.Reason, Does.StartWith("event #2 is extra: the same event was already dispatched"));
    }

    [Test]
    public void ALostEvent_IsMissing()
    {
        var r = Judge("""{"type":"event","data":"complete","id":"1"}""");
        Assert.That(r.Reason, Does.StartWith("event #2 of the 2 the connections carried (attempt 2's) was not dispatched"));
    }

    [Test]
    public void AWrongLastEventId_Differs()
    {
        Assert.That(Judge("""{"type":"event","data":"complete","id":"1"}""", """{"type":"event","data":"resumed","id":"2"}""").Reason,
            Does.Contain("last event id \"2\", the server's is \"3\""));
    }

    [Test]
    public void BelowTheEventsLevel_IsNotApplicable()
    {
        var r = new ReconnectEventsCheck().Evaluate(Cut.Input(Cut.Correct(), level: ObservationLevel.Objects), Once);
        Assert.That(r.Status, Is.EqualTo(CheckStatus.NotApplicable));
    }
}
