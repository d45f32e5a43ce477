using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Conformance.Core.Reports;
using Conformance.Core.Scoring;

namespace Conformance.Tests.Reports;

public sealed class JUnitReporterTests
{
    private static XDocument Render() => XDocument.Parse(ReportRender.Render(Reporters.JUnit, RunFixture.Build()));

    [Test]
    public void JUnit_ValidatesAgainstTheJUnitSchema()
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(TestContext.CurrentContext.TestDirectory, "Reports", "junit.xsd"));
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception?.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(new StringReader(ReportRender.Render(Reporters.JUnit, RunFixture.Build())), settings);
        while (reader.Read()) { }
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void JUnit_EveryTestCaseHasClassnameAndName()
    {
        var cases = Render().Descendants("testcase").ToList();
        Assert.That(cases, Has.Count.EqualTo(RunFixture.Build().Cases.Sum(c => c.Verdicts.Count)));
        Assert.That(cases.All(c => !string.IsNullOrEmpty((string?)c.Attribute("classname")) && !string.IsNullOrEmpty((string?)c.Attribute("name"))));
        Assert.That(cases.Select(c => (string)c.Attribute("classname")! + "/" + (string)c.Attribute("name")!), Is.Unique,
            "client × case × rule stays distinguishable");
    }

    [Test]
    public void JUnit_CountsAddUp_PerSuiteAndInTotal()
    {
        var doc = Render();
        foreach (var suite in doc.Descendants("testsuite").Append(doc.Root!))
        {
            var cases = suite.Descendants("testcase").ToList();
            Assert.That((int)suite.Attribute("tests")!, Is.EqualTo(cases.Count));
            Assert.That((int)suite.Attribute("failures")!, Is.EqualTo(cases.Count(c => c.Element("failure") is not null)));
            Assert.That((int)suite.Attribute("errors")!, Is.EqualTo(cases.Count(c => c.Element("error") is not null)));
            Assert.That((int)suite.Attribute("skipped")!, Is.EqualTo(cases.Count(c => c.Element("skipped") is not null)));
        }
    }

    [Test]
    public void JUnit_MapsEachVerdictToItsElement()
    {
        var doc = Render();
        XElement Case(string classname, string name) =>
            doc.Descendants("testcase").Single(c => (string?)c.Attribute("classname") == classname && (string?)c.Attribute("name") == name);

        var fail = Case("node-sdk.encoding", "encoding.split-utf8 › sse.utf8.split");
        Assert.That(fail.Element("failure")!.Value, Does.Contain("Expected: café!").And.Contain("Observed: caf"));
        Assert.That(Case("node-sdk.timing", "timing.stall › stream.stall.detect").Element("error")!.Attribute("type")!.Value, Is.EqualTo("TIMEOUT"));
        Assert.That(Case("evil-cli.encoding", "encoding.split-utf8 › sse.utf8.split").Element("error")!.Attribute("type")!.Value, Is.EqualTo(Verdict.AdapterError.Label()));
        var nonStrict = Case("browser-fetch.timing", "timing.stall › stream.stall.detect");
        Assert.That(nonStrict.Elements().Select(e => e.Name.LocalName), Is.EqualTo(new[] { "system-out" }), "NON-STRICT is a pass with a note");
        Assert.That(nonStrict.Element("system-out")!.Value, Does.StartWith("NON-STRICT"));
        Assert.That(Case("evil-cli.timing", "timing.stall › stream.stall.detect").Element("skipped")!.Attribute("message")!.Value,
            Is.EqualTo("the client cancelled before the stall"));
        Assert.That(Case("node-sdk.framing", "framing.crlf › sse.framing.crlf").HasElements, Is.False, "PASS is an empty testcase");
    }

    [Test]
    public void JUnit_HostileText_IsEscapedAndInvalidCharactersReplaced()
    {
        var xml = ReportRender.Render(Reporters.JUnit, RunFixture.Build());
        Assert.That(xml, Does.Not.Contain("<script>"));
        Assert.That(xml, Does.Not.Contain("\u0000").And.Not.Contain("\u001b"));
        Assert.That(xml, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt;"));
        Assert.That(xml, Does.Contain("\\u001B[31mred"));
        Assert.DoesNotThrow(() => XDocument.Parse(xml));
    }
}
