using System.Text;
using Conformance.Core.Sse;
using Conformance.Core.Scoring;
using static Conformance.Tests.Scoring.CheckCase;

namespace Conformance.Tests.Scoring;

/// <summary>
/// The expectation marks where the stream carries the forms rules are about (rules.json "forms"), at the offset
/// where the event carrying each is complete: crash attribution reads a rule's evidence from there.
/// </summary>
public sealed class WireFormsTests
{
    private static SseLineMark[] Marks(string body) => [.. SseReferenceParser.Parse(Encoding.UTF8.GetBytes(body), SseParseOptions.Whatwg).Marks];

    [Test]
    public void DataWithoutItsOneSpace_IsMarkedAtItsBlankLine_AndOneSpaceIsNot()
    {
        Assert.That(Marks("data:x\n\n"), Is.EqualTo(new[] { new SseLineMark(SseLineKind.DataWithoutOneSpace, 8) }));
        Assert.That(Marks("data:  x\n\n").Single().Kind, Is.EqualTo(SseLineKind.DataWithoutOneSpace), "the second space is the value's");
        Assert.That(Marks("data: x\n\ndata:\n\n"), Is.Empty, "one space, and an empty value, are the ordinary forms");
    }

    [Test]
    public void ALineWithoutAColon_IsMarked_ACommentIsNot()
    {
        Assert.That(Marks("noise\ndata: x\n\n"), Is.EqualTo(new[] { new SseLineMark(SseLineKind.NoColon, 15) }));
        Assert.That(Marks(": comment\ndata: x\n\n"), Is.Empty);
    }

    [Test]
    public void InvalidUtf8_IsMarkedOnItsLine()
    {
        byte[] body = [.. "data: a"u8.ToArray(), 0x80, .. "\n\ndata: b\n\n"u8.ToArray()];
        Assert.That(SseReferenceParser.Parse(body, SseParseOptions.Whatwg).Marks, Is.EqualTo(new[] { new SseLineMark(SseLineKind.InvalidUtf8, 10) }));
    }

    [Test]
    public void AFormInAnEventCutByTheEnd_IsNotMarked() => Assert.That(Marks("data: a\n\ndata:x\n"), Is.Empty);

    [Test]
    public void TheExpectation_MarksLineFormsAndChoicesEmptyChunks_InBodyOrder()
    {
        var c = Stream("""
            { "raw": "data:{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n" },
            { "chunk": { "choices": null, "usage": { "total_tokens": 1 } } },
            { "chunk": { "choices": [{ "index": 0, "finish_reason": "stop" }] } },
            { "content": "b" }, { "done": true }
            """);
        var forms = c.Expectation.Forms;
        Assert.That(forms.Select(f => f.Form), Is.EqualTo(new[] { WireForms.DataSpace, WireForms.ChoicesEmpty, WireForms.ChoicesEmpty }));
        Assert.That(forms.Select(f => f.CompleteAtOffset), Is.EqualTo(c.Expectation.Chunks.Take(3).Select(x => x.CompleteAtOffset)));
    }
}

/// <summary>Reasons name where an event lies as a byte range, first and last byte included, from one helper.</summary>
public sealed class ByteRangeTests
{
    [Test]
    public void Bytes_ShowsTheFirstAndTheLastByte_BothIncluded()
    {
        Assert.That(Transcript.Bytes(120, 188), Is.EqualTo("body bytes 120–187"));
        Assert.That(Transcript.Bytes(7, 8), Is.EqualTo("body byte 7"));
    }

    [Test]
    public void TheParser_GivesEachEventAndBlockItsFirstByte()
    {
        var r = SseReferenceParser.Parse(Encoding.UTF8.GetBytes("\n\nevent: ping\n\ndata: a\n\n: c\ndata: b\n"), SseParseOptions.Whatwg with { FlushTrailingEvent = true });
        Assert.That(r.Undispatched.Single().StartOffset, Is.EqualTo(2), "after the leading blank lines");
        Assert.That(r.Events.Select(e => (e.StartOffset, e.CompleteAtOffset)), Is.EqualTo(new[] { (15, 24), (24, 36) }), "a flushed final event starts at its first line");
    }

    [Test]
    public void AYieldedPhantom_IsLocatedByItsByteRange()
    {
        var c = Stream("""{ "content": "Hello" }, { "done": true }, { "content": " LATE" }""");
        var late = c.Expectation.Dropped.Single(d => d.Kind == PhantomKinds.AfterTerminator);
        var observed = Lines([.. c.Expectation.Chunks.Select(x => Chunk(x.Json)), Chunk(late.Data), EndLine("done")]);
        var r = new Conformance.Core.Scoring.Checks.NoPhantomCheck().Evaluate(c.Input(observed, null, AfterDoneRule), AfterDoneRule);
        Assert.That(r.Reason, Does.Contain($"which the server sent at body bytes {late.StartOffset}–{late.CompleteAtOffset - 1},"));
        Assert.That(late.StartOffset, Is.EqualTo(c.Expectation.Dropped.Single(d => d.Kind == PhantomKinds.Terminator).CompleteAtOffset));
    }
}
