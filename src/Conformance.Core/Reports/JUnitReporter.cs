using System.Globalization;
using System.Text;
using System.Xml;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scoring;

namespace Conformance.Core.Reports;

/// <summary>
/// junit.xml in the Ant/Jenkins shape (junit-10.xsd) that GitLab, Azure DevOps and Jenkins read.
/// One testsuite per client × family (name "&lt;client&gt;.&lt;family&gt;", so several clients stay apart);
/// one testcase per case × rule with classname "&lt;client&gt;.&lt;family&gt;" and name "&lt;scenario id&gt; › &lt;rule id&gt;".
/// FAIL → &lt;failure&gt; (expected vs observed), NON-STRICT → pass with a note in system-out, SKIPPED →
/// &lt;skipped&gt;, ADAPTER-ERROR and TIMEOUT → &lt;error&gt;. A case's duration is shared evenly among its
/// rules so suite times add up.
/// </summary>
public sealed class JUnitReporter : IReporter
{
    public string Name => "junit";
    public string FileName => "junit.xml";

    public void Write(RunResult run, Stream output)
    {
        ArgumentNullException.ThrowIfNull(run);
        var rules = run.Rules.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(false),
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Entitize,
            CheckCharacters = true,
        };
        var suites = run.Cases
            .GroupBy(c => (c.Client, c.Family))
            .OrderBy(g => ClientOrder(run, g.Key.Client)).ThenBy(g => g.Key.Family, StringComparer.Ordinal)
            .ToList();
        var timestamp = run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

        using var w = XmlWriter.Create(output, settings);
        w.WriteStartDocument();
        w.WriteStartElement("testsuites");
        w.WriteAttributeString("name", "conformance");
        var all = suites.SelectMany(s => s).SelectMany(c => c.Verdicts).ToList();
        w.WriteAttributeString("tests", Int(all.Count));
        w.WriteAttributeString("failures", Int(all.Count(v => v.Verdict == Verdict.Fail)));
        w.WriteAttributeString("errors", Int(all.Count(v => v.Verdict is Verdict.AdapterError or Verdict.Timeout)));
        w.WriteAttributeString("skipped", Int(all.Count(v => !v.Verdict.IsScored())));
        w.WriteAttributeString("time", Seconds(run.DurationMs));

        var id = 0;
        foreach (var suite in suites)
        {
            var cases = suite.ToList();
            var verdicts = cases.SelectMany(c => c.Verdicts).ToList();
            var suiteName = $"{suite.Key.Client}.{suite.Key.Family}";
            w.WriteStartElement("testsuite");
            w.WriteAttributeString("name", Safe(suiteName));
            w.WriteAttributeString("tests", Int(verdicts.Count));
            w.WriteAttributeString("failures", Int(verdicts.Count(v => v.Verdict == Verdict.Fail)));
            w.WriteAttributeString("errors", Int(verdicts.Count(v => v.Verdict is Verdict.AdapterError or Verdict.Timeout)));
            w.WriteAttributeString("skipped", Int(verdicts.Count(v => !v.Verdict.IsScored())));
            w.WriteAttributeString("time", Seconds(cases.Sum(c => c.DurationMs)));
            w.WriteAttributeString("timestamp", timestamp);
            w.WriteAttributeString("id", Int(id++));
            w.WriteAttributeString("package", Safe(suite.Key.Client));

            if (run.Clients.FirstOrDefault(c => c.Name == suite.Key.Client) is { } info)
            {
                w.WriteStartElement("properties");
                Property(w, "client", info.Name);
                Property(w, "driver", info.Driver);
                Property(w, "target", info.Target);
                Property(w, "profile", info.Profile);
                if (info.Environment is { } env) Property(w, "environment", env);
                w.WriteEndElement();
            }

            foreach (var c in cases)
            {
                var share = c.Verdicts.Count == 0 ? 0 : c.DurationMs / c.Verdicts.Count;
                foreach (var v in c.Verdicts)
                    WriteTestCase(w, suiteName, c, v, rules.GetValueOrDefault(v.RuleId), share);
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndDocument();
        w.Flush();
        output.Write("\n"u8);
    }

    private static void WriteTestCase(XmlWriter w, string classname, CaseResult c, RuleVerdict v, Rule? rule, double ms)
    {
        w.WriteStartElement("testcase");
        w.WriteAttributeString("name", Safe($"{c.ScenarioId} › {v.RuleId}"));
        w.WriteAttributeString("classname", Safe(classname));
        w.WriteAttributeString("time", Seconds(ms));
        var level = rule?.Level.ToString().ToUpperInvariant() ?? "MUST";
        var message = Safe($"{v.Verdict.Label()} [{level}] {ReportText.OneLine(v.Reason, 300)}");
        switch (v.Verdict)
        {
            case Verdict.Fail:
                w.WriteStartElement("failure");
                w.WriteAttributeString("message", message);
                w.WriteAttributeString("type", "FAIL");
                w.WriteString(Safe(Details(c, v, rule)));
                w.WriteEndElement();
                break;
            case Verdict.AdapterError or Verdict.Timeout:
                w.WriteStartElement("error");
                w.WriteAttributeString("message", message);
                w.WriteAttributeString("type", v.Verdict.Label());
                w.WriteString(Safe(Details(c, v, rule)));
                w.WriteEndElement();
                break;
            case Verdict.Skipped or Verdict.NotRun:
                // JUnit has one "skipped"; NOT RUN says so in its reason ("not run: client does not speak …").
                w.WriteStartElement("skipped");
                w.WriteAttributeString("message", Safe(ReportText.OneLine(v.Reason, 300)));
                w.WriteEndElement();
                break;
            case Verdict.NonStrict:
                // A missed SHOULD passes the build but must stay visible: the note goes to system-out.
                w.WriteElementString("system-out", Safe("NON-STRICT (SHOULD rule missed)\n" + Details(c, v, rule)));
                break;
            case Verdict.Info:
                // An INFO rule not met passes the build too, and says so the same way.
                w.WriteElementString("system-out", Safe("INFO (INFO rule not met)\n" + Details(c, v, rule)));
                break;
        }
        if (v.Verdict is Verdict.AdapterError or Verdict.Timeout && !string.IsNullOrEmpty(c.Stderr))
            w.WriteElementString("system-err", Safe(ReportText.Cap(c.Stderr, 4096, out var cut) + (cut ? "\n… (stderr cut at 4096 characters)" : "")));
        w.WriteEndElement();
    }

    private static string Details(CaseResult c, RuleVerdict v, Rule? rule) => ReportText.Details(c, v, rule);

    private static void Property(XmlWriter w, string name, string value)
    {
        w.WriteStartElement("property");
        w.WriteAttributeString("name", name);
        w.WriteAttributeString("value", Safe(value));
        w.WriteEndElement();
    }

    private static int ClientOrder(RunResult run, string client)
    {
        for (var i = 0; i < run.Clients.Count; i++) if (run.Clients[i].Name == client) return i;
        return int.MaxValue;
    }

    private static string Safe(string s) => ReportText.XmlSafe(s);
    private static string Int(int n) => n.ToString(CultureInfo.InvariantCulture);
    private static string Seconds(double ms) => (ms / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
}
