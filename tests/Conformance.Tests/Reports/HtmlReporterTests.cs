using System.Text;
using System.Text.RegularExpressions;
using Conformance.Core.Journal;
using Conformance.Core.Observations;
using Conformance.Core.Reports;
using Conformance.Core.Scoring;

namespace Conformance.Tests.Reports;

public sealed partial class HtmlReporterTests
{
    private static string Html => ReportRender.Render(Reporters.Html, RunFixture.Build());

    [Test]
    public void Html_HasNoScriptAndNoExternalResources()
    {
        var html = Html;
        Assert.That(html, Does.Not.Contain("<script").IgnoreCase);
        Assert.That(html, Does.Not.Contain("<img src=x").And.Not.Contain("<svg onload"), "no raw elements from client text");
        Assert.That(html, Does.Not.Match("(src|href)=\"(https?:)?//"), "self-contained: nothing from the network");
        Assert.That(html, Does.Contain("Content-Security-Policy"));
        Assert.That(html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"));
        Assert.That(html, Does.Not.Contain("\u0000").And.Not.Contain("\u001b"));
    }

    [Test]
    public void Html_ShowsInvisibleCharactersVisibly()
    {
        var html = Html;
        Assert.That(html, Does.Contain("<span class=\"esc\">U+FFFD</span>"), "the replacement character the split client produced");
        Assert.That(html, Does.Contain("<span class=\"esc\">\\r</span>"));
        Assert.That(html, Does.Contain("<span class=\"esc\">\\xC3</span>"), "half of é at the end of write #1");
        Assert.That(html, Does.Contain("<span class=\"esc\">\\xA9</span>"), "the other half at the start of write #2");
    }

    [Test]
    public void Html_MatrixHasACellPerClientAndNotRunWhereACaseWasNotRun()
    {
        var html = Html;
        Assert.That(CellRegex().Matches(html).Select(m => m.Groups["v"].Value),
            Is.EquivalentTo(new[] { "PASS", "INFO", "FAIL", "FAIL", "PASS", "ADAPTER-ERROR", "TIMEOUT", "NON-STRICT", "SKIPPED", "PASS", "PASS", "NOT RUN" }));
    }

    [Test]
    public void Html_ShowsOnlyPngDataUriScreenshots()
    {
        var html = Html;
        Assert.That(html, Does.Contain("<img class=\"shot\" alt=\"browser screenshot\" src=\"data:image/png;base64,iVBOR"));
        Assert.That(html, Does.Not.Contain("data:image/svg+xml"), "a non-PNG attachment is not rendered");
        Assert.That(html, Does.Contain("[log] stream opened"));
    }

    [Test]
    public void Html_TimelineDrawsEachExchangeAndHowItEnded()
    {
        var retry = Timeline.Render(RunFixture.Build().Cases.Single(c => c.CaseId == "c0010"));
        Assert.That(retry, Does.Contain("server writes #1").And.Contain("server writes #2").And.Contain("client observed"));
        Assert.That(Regex.Matches(retry, "class=\"write\"").Count, Is.EqualTo(3));
        var stall = Timeline.Render(RunFixture.Build().Cases.Single(c => c.CaseId == "c0008"));
        Assert.That(stall, Does.Contain(">stall</text>").And.Contain("client closed").And.Contain("ms silent"));
        Assert.That(stall, Does.Contain("class=\"obs-error\"").And.Contain("class=\"obs-end\""));
    }

    [Test]
    public void Timeline_ProxyDriver_LabelsUpstreamAndDownstream_AndDrawsOneLagLinePerArrival()
    {
        // Proxy mode: chunk observations carry the upstream write time, on the journal's clock.
        var c = RunFixture.Build().Cases.Single(x => x.CaseId == "c0008");
        var arrivals = new Observation[]
        {
            new ChunkObservation(System.Text.Json.JsonSerializer.SerializeToElement(new { @event = 1, upstreamAtMs = 0.5, lagMs = 1000 })) { AtMs = 1000.5 },
            new ChunkObservation(System.Text.Json.JsonSerializer.SerializeToElement(new { @event = 2, upstreamAtMs = 200, lagMs = 2 })) { AtMs = 202 },
        };
        var svg = Timeline.Render(c with { Observations = arrivals }, new Conformance.Core.Results.ClientInfo("nginx", "proxy:command", "nginx -c x", "proxy"));
        Assert.That(svg, Does.Contain(">upstream writes<").And.Contain(">downstream arrivals<").And.Contain(">(probe)<").And.Not.Contain("client observed"));
        Assert.That(svg, Does.Contain("one clock").And.Not.Contain("ms silent"));
        Assert.That(Regex.Matches(svg, "class=\"lag\"").Count, Is.EqualTo(2));
        Assert.That(svg, Does.Contain("write #1: upstream 0.5 ms → downstream 1000.5 ms, lag 1000 ms").And.Contain("stroke=\"#cf222e\""));
    }

    [Test]
    public void Html_LargeCase_IsBinnedAndTranscriptCapped()
    {
        const int events = 5000;
        var writes = Enumerable.Range(0, events)
            .Select(i => (Encoding.UTF8.GetBytes($"data: {{\"n\":{i}}}\n\n"), i * 0.5)).ToArray();
        var journal = new CaseJournal
        {
            CaseId = "big",
            ScenarioId = "load.5000-events",
            Exchanges = [RunFixture.Exchange(1, 0, Ends.Clean, events * 0.5 + 1, null, 200, writes)],
        };
        var observations = Enumerable.Range(0, events)
            .Select(i => (Observation)new ChunkObservation(System.Text.Json.JsonDocument.Parse($"{{\"n\":{i}}}").RootElement.Clone()) { AtMs = i * 0.5 + 3 })
            .Append(new EndObservation("done") { AtMs = events * 0.5 + 4 }).ToList();
        var big = RunFixture.Case("node-sdk", "load.5000-events", "load", "big", journal, observations,
            [RunFixture.V(RunFixture.Done, Verdict.Fail, "no [DONE]")]);
        var run = RunFixture.Build() with { Cases = [big] };

        var html = ReportRender.Render(Reporters.Html, run);
        Assert.That(Regex.Matches(html, "class=\"bin\"").Count, Is.InRange(1, 2 * Timeline.Bins));
        Assert.That(html, Does.Not.Contain("class=\"write\"").And.Not.Contain("class=\"obs-chunk\""));
        Assert.That(html, Does.Contain("more write(s) not shown"));
        Assert.That(html, Does.Contain("more observations in results.json"));
        Assert.That(html.Length, Is.LessThan(200_000), "the page stays small");
    }

    [Test]
    public void Html_ShowsWhatTheServerWroteOncePerScenario_AndPassingCasesInOneLinePerVerdict()
    {
        var html = Html;
        var scenario = Regex.Match(html, "<section class=\"scenario\" id=\"scenario-framing.crlf\".*?</section>", RegexOptions.Singleline).Value;
        Assert.That(scenario, Does.Contain("Wire transcript").And.Contain("Scenario framing.crlf: see scenarios/framing/."));
        var passing = Regex.Match(html, "<section class=\"case\" id=\"case-browser-fetch--framing.crlf\".*?</section>", RegexOptions.Singleline).Value;
        Assert.That(passing, Does.Contain("<ul class=\"vl\">").And.Contain("every write (").And.Contain("the scenario's</a>"));
        Assert.That(passing, Does.Not.Contain("<svg").And.Not.Contain("Wire transcript"), "a passing case repeats neither the timeline nor the bytes");
        var failing = Regex.Match(html, "<section class=\"case\" id=\"case-evil-cli--framing.crlf\".*?</section>", RegexOptions.Singleline).Value;
        Assert.That(failing, Does.Contain("<svg").And.Contain("<table class=\"verdicts\">"), "a failing case shows everything");
        Assert.That(Regex.Matches(html, "Wire transcript \\(").Count, Is.LessThan(RunFixture.Build().Cases.Count));
    }

    [GeneratedRegex("<td class=\"v [a-z-]+\" data-client=\"[^\"]+\" data-verdict=\"(?<v>[A-Z -]+)\">")]
    private static partial Regex CellRegex();
}
