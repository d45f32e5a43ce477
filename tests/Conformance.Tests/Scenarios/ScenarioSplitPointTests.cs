using Conformance.Core.Scenarios;
using Conformance.Core.Wire;

namespace Conformance.Tests.Scenarios;

/// <summary>
/// The catalogue's split scenarios cut where their descriptions say: offsets are hand-computed in
/// the files, so a changed chunk shape would silently move a cut; these tests pin the cuts.
/// </summary>
public sealed class ScenarioSplitPointTests
{
    private static readonly ScenarioCatalog Catalog =
        ScenarioCatalog.LoadDirectory(Path.Combine(ScenarioJson.RepoRoot(), "scenarios")).Catalog;

    private static ResponsePlan Plan(string id, int attempt = 1) =>
        ScenarioCompiler.Compile(Catalog.Find(id) ?? throw new AssertionException($"no scenario {id}"), attempt);

    private static byte[][] Writes(ResponsePlan plan) => plan.Writes.Select(w => w.Bytes.ToArray()).ToArray();

    [Test]
    public void BomSplitAcrossWrites_EachBomByteIsItsOwnWrite()
    {
        var writes = Writes(Plan("encoding.bom.split-across-writes"));
        Assert.That(writes[0], Is.EqualTo(new byte[] { 0xEF }));
        Assert.That(writes[1], Is.EqualTo(new byte[] { 0xBB }));
        Assert.That(writes[2][0], Is.EqualTo(0xBF));
        Assert.That(System.Text.Encoding.UTF8.GetString(writes[2][1..]), Does.StartWith("data: "));
    }

    [Test]
    public void SplitInsideJsonString_AWriteEndsAfterHel()
    {
        Assert.That(Plan("framing.split.inside-json-string").WriteTexts(), Has.Some.EndsWith("\"content\":\"Hel"));
    }

    [Test]
    public void SplitInsideSentinel_DoneArrivesInThreeWrites()
    {
        var texts = Plan("llm-openai.done.split-inside-sentinel").WriteTexts();
        Assert.That(texts[^3..], Is.EqualTo(new[] { "data: [DO", "NE]", "\n\n" }));
    }

    [Test]
    public void EventOverThreeWrites_ContentEventIsCutTwice()
    {
        var texts = Plan("framing.split.event-over-three-writes").WriteTexts();
        Assert.That(texts, Has.Length.EqualTo(4));
        Assert.That(texts[1], Does.StartWith("data: {").And.Not.Contain("\n"));
        Assert.That(texts[2], Does.Contain("Hello").And.EndsWith("\n").And.Not.EndsWith("\n\n"));
        Assert.That(texts[3], Does.StartWith("\ndata: "));
    }

    [Test]
    public void BetweenTheTwoNewlines_EveryEventEndsWithOneLfAndTheNextWriteIsTheBlankLine()
    {
        var texts = Plan("framing.split.between-the-two-newlines").WriteTexts();
        Assert.That(texts.Where((_, i) => i % 2 == 0), Has.All.EndsWith("\n").And.All.Not.EndsWith("\n\n"));
        Assert.That(texts.Where((_, i) => i % 2 == 1), Has.All.EqualTo("\n"));
    }

    [Test]
    public void CrlfBlankLineSplit_WritesEndAfterTheFirstCrlf()
    {
        var texts = Plan("framing.crlf.blank-line-split").WriteTexts();
        Assert.That(texts[..^1], Has.All.EndsWith("\r\n").And.All.Not.EndsWith("\r\n\r\n"));
        Assert.That(texts[1..], Has.All.StartWith("\r\n"));
    }

    [Test]
    public void CrSplitAfterEachCr_EveryWriteButTheLastEndsInACr()
    {
        var texts = Plan("framing.cr.split-after-each-cr").WriteTexts();
        Assert.That(texts, Has.All.EndsWith("\r"));
        Assert.That(string.Concat(texts), Does.Not.Contain("\n"));
    }

    [Test]
    public void EveryWidthCut_EachMultiByteCharacterIsCutAtEveryInteriorByte()
    {
        var writes = Writes(Plan("encoding.utf8.every-width-cut-at-every-byte"));
        // 2 × 2-byte (1 cut each), 3 × 3-byte (2 cuts), 2 × 4-byte (3 cuts) = 14 cuts inside characters.
        var cutsInside = writes.Skip(1).Count(w => w.Length > 0 && (w[0] & 0xC0) == 0x80);
        Assert.That(cutsInside, Is.EqualTo(14));
    }

    [Test]
    public void TwoEventsAndAHalf_FirstWriteHoldsTwoEventsAndPartOfTheThird()
    {
        var first = Plan("framing.single.two-events-and-a-half").WriteTexts()[0];
        Assert.That(first.Split("\n\n").Length, Is.EqualTo(3));
        Assert.That(first, Does.Not.EndWith("\n\n"));
    }

    [Test]
    public void StallInsideEvent_CutFallsInsideTheSecondContentEvent()
    {
        var body = System.Text.Encoding.UTF8.GetString(Plan("timeouts.idle.stall-inside-event").Body());
        Assert.That(body, Does.Contain("\"Hello\"").And.Not.EndWith("\n\n").And.Not.Contain("[DONE]"));
    }

    [Test]
    public void SplitScenarios_PauseLongEnoughForSeparateReads_AndStayShort()
    {
        // Small splits must really arrive as separate reads and still finish fast. A scenario with few
        // writes pauses ≥ 40 ms: one coalesced read on a loaded 2-core machine would flip its verdict
        // (seen at 15-20 ms). Scenarios with many writes (drips, random splits) keep 15-25 ms: losing one
        // boundary among dozens changes nothing. Bulk splits (64 KiB and 4 KiB writes of the 1 MiB cases)
        // are about throughput, not read boundaries.
        foreach (var s in Catalog.All)
            foreach (var (response, i) in s.Responses.Select((r, i) => (r, i)))
            {
                if (response.Stream?.Transport is not { } t) continue;
                if (t.Split.Mode is SplitMode.PerEvent or SplitMode.Single || t.Split.Bytes >= 4096) continue;
                var plan = ScenarioCompiler.Compile(s, i + 1);
                // A byte-per-read stream of hundreds of writes (LaunchDarkly's linefeed cases) pauses a few ms: at 15 ms it
                // would take 10 s, and it is judged by what any boundary among hundreds does, not by one of them.
                var dense = plan.Writes.Count > 200;
                if (plan.Writes.Count <= 16)
                    Assert.That(t.DelayMs, Is.InRange(40, 60), $"{s.Id}: a split scenario with few writes pauses 40-60 ms between them");
                else if (dense)
                    Assert.That(t.DelayMs, Is.InRange(1, 60), $"{s.Id}: a dense split pauses 1-60 ms between writes");
                else
                    Assert.That(t.DelayMs, Is.InRange(15, 60), $"{s.Id}: split scenarios pause 15-60 ms between writes");
                Assert.That(plan.Writes.Sum(w => w.DelayMs), Is.LessThanOrEqualTo(dense ? 3000 : 1500), $"{s.Id}: keep the stream within {(dense ? 3 : 1.5)} s");
            }
    }
    [Test]
    public void FinMidStream_CutsInsideTheThirdEvent_AfterTheHelloEvent()
    {
        // The description: FIN in the middle of the third chunk, partial text "Hello".
        var body = Plan("termination.fin.mid-stream").Text();
        var events = body.Split("\n\n");
        Assert.That(events, Has.Length.EqualTo(3), body);
        Assert.That(events[1], Does.Contain("\"content\":\"Hello\""), body);
        Assert.That(events[2], Does.StartWith("data: {").And.Not.Contain(", world\""), "cut inside the third event: " + body);
    }

    [Test]
    public void ResetMidStream_CutsRightAfterTheHelloEvent()
    {
        // The description: after two complete chunks the server resets.
        var body = Plan("termination.reset.mid-stream").Text();
        Assert.That(body, Does.EndWith("\n\n"), body);
        var events = body[..^2].Split("\n\n");
        Assert.That(events, Has.Length.EqualTo(2), body);
        Assert.That(events[1], Does.Contain("\"content\":\"Hello\""), body);
    }
}
