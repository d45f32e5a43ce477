using System.Diagnostics;
using System.Text;
using Conformance.Core.Wire;
using Conformance.Server.Streaming;
using Conformance.Tests.Support;

namespace Conformance.Tests.Server;

/// <summary>The compiled wire form of a plan: the same bytes the per-write framing gives, deadlines that add up the pauses.</summary>
[TestFixture]
public sealed class WirePlanTests
{
    [Test]
    public void Chunked_FramedWrites_EqualFramingEachWriteOnItsOwn()
    {
        var plan = FakeScenarios.Stream(EndKind.Clean, 0, "data: {\"c\":1}\n\n", "", "data: [DONE]\n\n");
        var wire = WirePlan.For(plan, TimeProvider.System);

        for (var i = 0; i < plan.Writes.Count; i++)
        {
            var expected = plan.Writes[i].Bytes.IsEmpty ? [] : PlanWriter.Frame(BodyFraming.Chunked, plan.Writes[i].Bytes).ToArray();
            Assert.That(wire.FramedWrite(i).ToArray(), Is.EqualTo(expected), $"write {i}");
        }
        Assert.That(Encoding.ASCII.GetString(wire.FramedWrite(0).Span), Is.EqualTo("f\r\ndata: {\"c\":1}\n\n\r\n"));
        Assert.That(wire.Offsets, Is.EqualTo(new[] { 0, 15, 15 }));
        Assert.That(wire.BodyLength, Is.EqualTo(29));
    }

    [Test]
    public void ContentLength_FramedWrites_AreThePayloadsAlone()
    {
        var plan = FakeScenarios.Stream(EndKind.Clean, 0, "ab", "cd") with { Framing = BodyFraming.ContentLength };
        var wire = WirePlan.For(plan, TimeProvider.System);

        Assert.That(Encoding.ASCII.GetString(wire.Framed), Is.EqualTo("abcd"));
    }

    [Test]
    public void Deadlines_AreThePausesAddedUp_FromTheResponseStart()
    {
        var plan = new ResponsePlan
        {
            Status = 200,
            Headers = [],
            Writes = [new PlannedWrite("a"u8.ToArray(), 5), new PlannedWrite("b"u8.ToArray(), 10), new PlannedWrite("c"u8.ToArray(), 0), new PlannedWrite("d"u8.ToArray(), 20)],
            Ending = new ResponseEnding(EndKind.HoldOpen, 100),
        };
        var wire = WirePlan.For(plan, TimeProvider.System);

        Assert.That(wire.DueTicks.Select(t => t * 1000 / Stopwatch.Frequency), Is.EqualTo(new long[] { 5, 15, 15, 35 }));
        Assert.That(wire.EndingDueTicks * 1000 / Stopwatch.Frequency, Is.EqualTo(135));
    }

    [Test]
    public void SamePlan_CompiledOnce()
    {
        var plan = FakeScenarios.Stream(EndKind.Clean, 0, "x");
        Assert.That(WirePlan.For(plan, TimeProvider.System), Is.SameAs(WirePlan.For(plan, TimeProvider.System)));
    }

    [Test]
    public void Payloads_OwnArrays_AreSharedNotCopied()
    {
        var bytes = "data: 1\n\n"u8.ToArray();
        var plan = new ResponsePlan { Status = 200, Headers = [], Writes = [new PlannedWrite(bytes)], Ending = ResponseEnding.Clean };
        Assert.That(WirePlan.For(plan, TimeProvider.System).Payloads[0], Is.SameAs(bytes));
    }

    [Test]
    public void Payloads_SlicesOfABody_GetExactArrays()
    {
        var body = "data: 1\n\ndata: 2\n\n"u8.ToArray();
        var plan = new ResponsePlan { Status = 200, Headers = [], Writes = [new PlannedWrite(body.AsMemory(0, 9)), new PlannedWrite(body.AsMemory(9))], Ending = ResponseEnding.Clean };
        var wire = WirePlan.For(plan, TimeProvider.System);
        Assert.That(wire.Payloads.Select(p => Encoding.ASCII.GetString(p)), Is.EqualTo(new[] { "data: 1\n\n", "data: 2\n\n" }));
    }
}
