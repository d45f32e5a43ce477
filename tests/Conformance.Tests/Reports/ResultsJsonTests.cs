using System.Text.Json;
using Conformance.Core.Journal;
using Conformance.Core.Reports;
using Conformance.Core.Results;
using Conformance.Core.Scoring;

namespace Conformance.Tests.Reports;

public sealed class ResultsJsonTests
{
    [Test]
    public void ResultsJson_CarriesSchemaAndIndex()
    {
        using var doc = JsonDocument.Parse(ReportRender.Render(Reporters.Json, RunFixture.Build()));
        var root = doc.RootElement;
        Assert.That(root.GetProperty("schema").GetString(), Is.EqualTo("conformance-results/2"));
        Assert.That(root.GetProperty("index").GetProperty("node-sdk").GetProperty("encoding.split-utf8").GetProperty("sse.utf8.split").GetString(), Is.EqualTo("fail"));
        Assert.That(root.GetProperty("index").GetProperty("evil-cli").GetProperty("encoding.split-utf8").GetProperty("sse.utf8.split").GetString(), Is.EqualTo("adapter-error"));
        Assert.That(root.GetProperty("index").GetProperty("evil-cli").GetProperty("errors.retry-429").GetProperty("errors.retry.after").GetString(), Is.EqualTo("not-run"),
            "a case outside the client's capabilities is in the index as not-run");
        var names = root.EnumerateObject().Select(p => p.Name).ToList();
        Assert.That(names.IndexOf("index"), Is.LessThan(names.IndexOf("cases")));
    }

    [Test]
    public void ResultsJson_TranscriptKeepsWriteBoundaries_AndTheBytesInTheSharedBody()
    {
        using var doc = JsonDocument.Parse(ReportRender.Render(Reporters.Json, RunFixture.Build()));
        var split = doc.RootElement.GetProperty("cases").EnumerateArray().First(c => c.GetProperty("caseId").GetString() == "c0004");
        var response = split.GetProperty("journal").GetProperty("exchanges")[0].GetProperty("response");
        var writes = response.GetProperty("writes");
        Assert.That(writes.GetArrayLength(), Is.EqualTo(2));
        Assert.That(writes[0].TryGetProperty("bytes", out _), Is.False, "a write carries offset, length and time; its bytes are in the body");
        var body = doc.RootElement.GetProperty("bodies").GetProperty(response.GetProperty("body").GetString()!);
        var segment = body.GetProperty("segments")[0];
        Assert.That(segment.GetProperty("offset").GetInt32(), Is.Zero);
        var bytes = System.Text.Encoding.UTF8.GetBytes(segment.GetProperty("text").GetString()!); // whole UTF-8: kept as text
        var firstLength = writes[0].GetProperty("length").GetInt32();
        Assert.That(bytes[firstLength - 1], Is.EqualTo(0xC3), "the first write ends inside é");
        Assert.That(writes[1].GetProperty("offset").GetInt32(), Is.EqualTo(firstLength));
    }

    [Test]
    public void ResultsJson_KeepsWhatTheServerWroteOncePerScenario_AndEachExpectationOnce()
    {
        var run = RunFixture.Build();
        using var doc = JsonDocument.Parse(ResultsJson.Serialize(run));
        var cases = doc.RootElement.GetProperty("cases").EnumerateArray().ToList();
        string Body(string caseId) => cases.First(c => c.GetProperty("caseId").GetString() == caseId)
            .GetProperty("journal").GetProperty("exchanges")[0].GetProperty("response").GetProperty("body").GetString()!;
        var crlf = run.Cases.Where(c => c.ScenarioId == "framing.crlf").Select(c => c.CaseId).ToList();
        Assert.That(crlf.Select(Body).Distinct().ToList(), Has.Count.EqualTo(1), "every client of framing.crlf got the same bytes: one body");
        var expectations = doc.RootElement.GetProperty("expectations");
        Assert.That(expectations.EnumerateObject().Count(), Is.LessThan(run.Cases.Count));
        Assert.That(cases[0].GetProperty("expectation").GetString(), Is.EqualTo("framing.crlf@openai"));
    }

    [Test]
    public void ResultsJson_ResponseThatGotAPrefix_SharesTheBody_ResponseWithOtherBytes_GetsItsOwn()
    {
        var run = RunFixture.Build();
        var full = run.Cases.First(c => c.CaseId == "c0001");
        var x = full.Journal.Exchanges[0];
        var prefix = full with { Client = "browser-fetch", CaseId = "p1", Journal = full.Journal with { CaseId = "p1", Exchanges = [x with { Response = x.Response! with { Writes = [x.Response.Writes[0]], Ended = Ends.ClientClosed } }] } };
        var changed = x.Response!.Writes[1] with { Bytes = [.. x.Response.Writes[1].Bytes.Select(b => b == (byte)'w' ? (byte)'W' : b)] };
        var other = full with { Client = "evil-cli", CaseId = "o1", Journal = full.Journal with { CaseId = "o1", Exchanges = [x with { Response = x.Response with { Writes = [x.Response.Writes[0], changed, x.Response.Writes[2]] } }] } };
        var small = run with { Cases = [prefix, full, other] };

        using var doc = JsonDocument.Parse(ResultsJson.Serialize(small));
        var bodies = doc.RootElement.GetProperty("cases").EnumerateArray()
            .Select(c => c.GetProperty("journal").GetProperty("exchanges")[0].GetProperty("response").GetProperty("body").GetString()).ToList();
        Assert.That(bodies[0], Is.EqualTo(bodies[1]), "the client that left after write #1 got a prefix of the same bytes");
        Assert.That(bodies[2], Is.Not.EqualTo(bodies[1]), "one byte differs: its own body");
        var back = ResultsJson.Deserialize(doc.RootElement.GetRawText());
        for (var i = 0; i < 3; i++)
            Assert.That(back.Cases[i].Journal.Exchanges[0].Response!.Writes.Select(w => (w.Offset, w.Length, Convert.ToHexString(w.Bytes))),
                Is.EqualTo(small.Cases[i].Journal.Exchanges[0].Response!.Writes.Select(w => (w.Offset, w.Length, Convert.ToHexString(w.Bytes)))), $"case {i} reads back byte for byte");
    }

    [Test]
    public void ResultsJson_BodyThatIsNotWholeUtf8_IsKeptAsBase64Bytes()
    {
        var run = RunFixture.Build();
        var c = run.Cases.First(x => x.CaseId == "c0001");
        var x = c.Journal.Exchanges[0];
        var cut = x.Response! with { Writes = [x.Response.Writes[0] with { Bytes = [0x64, 0xC3], Length = 2 }] };
        var odd = run with { Cases = [c with { Journal = c.Journal with { Exchanges = [x with { Response = cut }] } }] };

        using var doc = JsonDocument.Parse(ResultsJson.Serialize(odd));
        var segment = doc.RootElement.GetProperty("bodies").EnumerateObject().Single().Value.GetProperty("segments")[0];
        Assert.That(segment.TryGetProperty("text", out _), Is.False);
        Assert.That(segment.GetProperty("bytes").GetBytesFromBase64(), Is.EqualTo(new byte[] { 0x64, 0xC3 }));
        Assert.That(ResultsJson.Deserialize(doc.RootElement.GetRawText()).Cases[0].Journal.Exchanges[0].Response!.Writes[0].Bytes, Is.EqualTo(new byte[] { 0x64, 0xC3 }));
    }

    [Test]
    public void ResultsJson_ReadsSchema1_AndRefusesAnUnknownSchema()
    {
        var run = RunFixture.Build();
        var v1 = JsonSerializer.Serialize(run with { Schema = RunResult.SchemaV1 }, ResultsJson.Options);
        var back = ResultsJson.Deserialize(v1);
        Assert.That(ResultsJson.Serialize(back), Is.EqualTo(ResultsJson.Serialize(ResultsJson.Deserialize(ResultsJson.Serialize(run)))));
        var ex = Assert.Throws<JsonException>(() => ResultsJson.Deserialize("""{"schema":"conformance-results/9"}"""));
        Assert.That(ex!.Message, Does.Contain("conformance-results/9").And.Contain("conformance-results/2"));
    }

    [Test]
    public void ResultsJson_RoundTrips()
    {
        var run = RunFixture.Build();
        var back = ResultsJson.Deserialize(ResultsJson.Serialize(run));
        // Stable from the first read on (a lone surrogate in client text is written once as U+FFFD, which JSON can carry).
        var json = ResultsJson.Serialize(back);
        Assert.That(ResultsJson.Serialize(ResultsJson.Deserialize(json)), Is.EqualTo(json));
        Assert.That(back.Cases, Has.Count.EqualTo(run.Cases.Count));
        Assert.That(back.Cases[3].Journal.Exchanges[0].Response!.Writes.Select(w => w.Bytes), Is.EqualTo(run.Cases[3].Journal.Exchanges[0].Response!.Writes.Select(w => w.Bytes)));
        Assert.That(back.Cases.SelectMany(c => c.Verdicts).Select(v => v.Verdict).Distinct(), Is.EquivalentTo(Enum.GetValues<Verdict>()));
    }
}
