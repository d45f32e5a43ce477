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
