using System.Text.Json;
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
    public void ResultsJson_TranscriptKeepsWriteBoundariesAndBytes()
    {
        using var doc = JsonDocument.Parse(ReportRender.Render(Reporters.Json, RunFixture.Build()));
        var split = doc.RootElement.GetProperty("cases").EnumerateArray().First(c => c.GetProperty("caseId").GetString() == "c0004");
        var writes = split.GetProperty("journal").GetProperty("exchanges")[0].GetProperty("response").GetProperty("writes");
        Assert.That(writes.GetArrayLength(), Is.EqualTo(2));
        var first = writes[0].GetProperty("bytes").GetBytesFromBase64();
        Assert.That(first[^1], Is.EqualTo(0xC3), "the first write ends inside é");
        Assert.That(writes[1].GetProperty("offset").GetInt32(), Is.EqualTo(first.Length));
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
