using System.Globalization;
using System.Net;
using System.Text;
using Conformance.Core.Gating;
using Conformance.Core.Observations;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scoring;

namespace Conformance.Core.Reports;

/// <summary>
/// index.html: one self-contained page (inline CSS, no script at all, no network) that works opened from disk.
/// A client × case matrix grouped by family, then per case the expected vs observed text, the verdicts with
/// reasons, a timeline of server writes against client observations (<see cref="Timeline"/>), and the capped
/// wire transcript. Everything from a client or the wire is HTML-encoded, and a Content-Security-Policy that
/// forbids script backs that up.
/// </summary>
public sealed partial class HtmlReporter : IReporter
{
    /// <summary>Transcript bytes shown per case; the rest is in results.json.</summary>
    public const int TranscriptCapBytes = 2048;
    /// <summary>Observations listed per case.</summary>
    public const int ObservationListCap = 100;
    /// <summary>Characters of stderr / console shown per case.</summary>
    public const int TextCap = 4096;

    public string Name => "html";
    public string FileName => "index.html";

    public void Write(RunResult run, Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(new UTF8Encoding(false).GetBytes(Render(run)));
    }

    public static string Render(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var h = new StringBuilder();
        var scores = GateEvaluator.Scores(run);
        var clients = scores.Keys.ToList();
        var rules = run.Rules.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // Rows: scenarios in run order, grouped by family in order of first appearance.
        var families = run.Cases.Select(c => c.Family).Distinct(StringComparer.Ordinal).ToList();

        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<title>Conformance report ").Append(E(Stamp(run.StartedAt))).Append("</title>\n");
        h.Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n");
        h.Append("<h1>Conformance report</h1>\n");
        h.Append("<p class=\"meta\">Run started ").Append(E(Stamp(run.StartedAt))).Append(" · ")
         .Append(E(Seconds(run.DurationMs))).Append(" s · schema ").Append(E(run.Schema)).Append(" · ")
         .Append(run.Cases.Count).Append(" case results</p>\n");

        // Clients and scores.
        h.Append("<table class=\"clients\">\n<thead><tr><th>Client</th><th>Driver</th><th>Target</th><th>Profile</th><th>Score (MUST)</th></tr></thead>\n<tbody>\n");
        foreach (var name in clients)
        {
            var info = run.Clients.FirstOrDefault(c => c.Name == name);
            h.Append("<tr data-client=\"").Append(E(name)).Append("\"><th>").Append(E(name)).Append("</th><td>")
             .Append(E(info?.Driver ?? "")).Append("</td><td><code>").Append(E(info?.Target ?? "")).Append("</code>")
             // Which browser and version ran a browser client (issue: the report says which).
             .Append(info?.Environment is { } env ? "<br><span class=\"meta\">" + E(env) + "</span>" : "")
             .Append(info?.Sdk is { } sdk ? "<br><span class=\"meta\">sdk " + E(sdk) + "</span>" : "")
             .Append(info?.Capabilities is { } caps ? "<br><span class=\"meta\">" + E(caps) + "</span>" : "").Append("</td><td>")
             .Append(E(info?.Profile ?? "")).Append("</td><td>").Append(E(scores[name].ToString()));
            foreach (var line in ReportText.NotRunLines(run, name)) h.Append("<br><span class=\"meta not-run\">").Append(E(line)).Append("</span>");
            h.Append("</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");

        // Legend: colour is never the only signal; every cell also carries its label.
        h.Append("<p class=\"legend\">");
        foreach (var v in Verdicts.BySeverity)
            h.Append("<span class=\"v ").Append(Css4(v)).Append("\">").Append(v.Label()).Append("</span> ");
        h.Append("</p>\n");

        // The matrix.
        h.Append("<h2 id=\"matrix\">Matrix</h2>\n<table class=\"matrix\" id=\"matrix-table\">\n<thead><tr><th>Case</th>");
        foreach (var name in clients) h.Append("<th scope=\"col\" data-client=\"").Append(E(name)).Append("\">").Append(E(name)).Append("</th>");
        h.Append("</tr></thead>\n");
        foreach (var family in families)
        {
            h.Append("<tbody data-family=\"").Append(E(family)).Append("\">\n<tr class=\"family\"><th colspan=\"")
             .Append(clients.Count + 1).Append("\">").Append(E(family)).Append("</th></tr>\n");
            foreach (var scenario in run.Cases.Where(c => c.Family == family).Select(c => c.ScenarioId).Distinct(StringComparer.Ordinal))
            {
                var title = run.Cases.First(c => c.ScenarioId == scenario).Title;
                h.Append("<tr class=\"case\" data-case=\"").Append(E(scenario)).Append("\"><th scope=\"row\" title=\"").Append(E(title)).Append("\">")
                 .Append(E(scenario)).Append("</th>");
                foreach (var name in clients)
                {
                    var c = run.Cases.FirstOrDefault(x => x.Client == name && x.ScenarioId == scenario);
                    var verdict = c is null ? null : ReportText.CaseVerdict(c);
                    var label = c is null ? "NOT RUN" : verdict?.Label() ?? "NO RULES";
                    h.Append("<td class=\"v ").Append(verdict is { } vv ? Css4(vv) : "v-none").Append("\" data-client=\"").Append(E(name))
                     .Append("\" data-verdict=\"").Append(label).Append("\">");
                    if (c is null) h.Append(label);
                    else
                    {
                        var passed = c.Verdicts.Count(v => v.Verdict == Verdict.Pass);
                        var scored = c.Verdicts.Count(v => v.Verdict.IsScored());
                        h.Append("<a href=\"#").Append(Anchor(c)).Append("\">").Append(label).Append("</a> <small>")
                         .Append(passed).Append('/').Append(scored).Append("</small>");
                    }
                    h.Append("</td>");
                }
                h.Append("</tr>\n");
            }
            h.Append("</tbody>\n");
        }
        h.Append("</table>\n");

        // Per scenario: what it is and what the server wrote, once (the same bytes go to every client); then its cases, in matrix order.
        h.Append("<h2 id=\"cases\">Cases</h2>\n<p class=\"meta\">A passing case is one line per verdict; its timeline, observations and write times are in results.json. ")
         .Append("What the server wrote is shown once per scenario; a case that got the same bytes (or a prefix) says which writes.</p>\n");
        foreach (var family in families)
        {
            h.Append("<h3 class=\"family\">").Append(E(family)).Append("</h3>\n");
            foreach (var scenario in run.Cases.Where(c => c.Family == family).Select(c => c.ScenarioId).Distinct(StringComparer.Ordinal))
            {
                var cases = clients.Select(name => run.Cases.FirstOrDefault(x => x.Client == name && x.ScenarioId == scenario)).OfType<CaseResult>().ToList();
                var wire = SharedWire(cases);
                ScenarioSection(h, cases[0], wire);
                foreach (var c in cases) CaseSection(h, c, rules, run.Clients.FirstOrDefault(i => i.Name == c.Client), wire);
            }
        }
        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    /// <summary>The scenario's title, description and wire transcript, shown once for all its clients.</summary>
    private static void ScenarioSection(StringBuilder h, CaseResult first, CaseResult? wire)
    {
        h.Append("<section class=\"scenario\" id=\"").Append(ScenarioAnchor(first.ScenarioId)).Append("\" data-case=\"").Append(E(first.ScenarioId))
         .Append("\">\n<h4><code>").Append(E(first.ScenarioId)).Append("</code> — ").Append(E(first.Title)).Append("</h4>\n<p>")
         .Append(E(first.Description)).Append("</p>\n<p class=\"meta\">api ").Append(E(first.Api)).Append("</p>\n");
        if (wire is not null)
        {
            h.Append("<p class=\"meta\">what the server wrote (to ").Append(E(wire.Client))
             .Append("; a case below that got the same bytes, or a prefix of them, says so instead of repeating them):</p>\n");
            Transcript(h, wire);
        }
        h.Append("</section>\n");
    }

    /// <summary>The case whose transcript the scenario shows: the one that kept the most body bytes (a client that left early got a prefix).</summary>
    private static CaseResult? SharedWire(IReadOnlyList<CaseResult> cases) =>
        cases.Where(c => c.Journal.Exchanges.Count > 0)
            .OrderByDescending(c => c.Journal.Exchanges.Count)
            .ThenByDescending(c => c.Journal.Exchanges.Sum(x => x.Response?.Writes.Sum(w => (long)w.Bytes.Length) ?? 0))
            .FirstOrDefault();

    /// <summary>
    /// How much of the scenario's shared transcript a case got, per exchange ("writes #1–#3 of 5"), or null when its bytes
    /// differ anywhere (another head, another write boundary, other bytes): then the case shows its own transcript.
    /// </summary>
    internal static IReadOnlyList<string>? SameWire(CaseResult c, CaseResult wire)
    {
        if (ReferenceEquals(c, wire) || c.Journal.Exchanges.Count > wire.Journal.Exchanges.Count) return null;
        var lines = new List<string>();
        for (var i = 0; i < c.Journal.Exchanges.Count; i++)
        {
            var (mine, theirs) = (c.Journal.Exchanges[i], wire.Journal.Exchanges[i]);
            if (mine.Response is not { } r || theirs.Response is not { } t) return null;
            if (r.Status != t.Status || !r.Head.AsSpan().SequenceEqual(t.Head) || r.Writes.Count > t.Writes.Count) return null;
            for (var j = 0; j < r.Writes.Count; j++)
                if (r.Writes[j].Offset != t.Writes[j].Offset || r.Writes[j].Length != t.Writes[j].Length || !r.Writes[j].Bytes.AsSpan().SequenceEqual(t.Writes[j].Bytes))
                    return null;
            var bytes = r.Writes.Count == 0 ? 0 : r.Writes[^1].Offset + r.Writes[^1].Length;
            lines.Add($"{(c.Journal.Exchanges.Count > 1 ? $"#{mine.Attempt} " : "")}{(r.Writes.Count == t.Writes.Count ? "every write" : $"writes 1–{r.Writes.Count} of {t.Writes.Count}")} ({bytes} B), {r.Ended} at {ReportText.Ms(r.EndedAtMs)} ms"
                      + (r.ClientClosedAtMs is { } cc ? $", closed at {ReportText.Ms(cc)} ms" : ""));
        }
        return lines;
    }

    private static void CaseSection(StringBuilder h, CaseResult c, IReadOnlyDictionary<string, Rule> rules, ClientInfo? client, CaseResult? wire)
    {
        var verdict = ReportText.CaseVerdict(c);
        var label = verdict?.Label() ?? "NO RULES";
        var open = verdict is { } worst && worst.IsFailure() ? " open" : "";
        // A case with nothing to explain (every verdict PASS, INFO, SKIPPED or NOT RUN) gets one line per verdict (INFO with its reason); the timeline,
        // observations and transcript of such cases are in results.json (a full section each would make a page of 12 MB).
        var compact = Verdicts.Outcome(c.Verdicts.Select(v => v.Verdict)) is CaseOutcome.Passed or CaseOutcome.Info or CaseOutcome.Skipped or CaseOutcome.NotRun;
        h.Append("<section class=\"case\" id=\"").Append(Anchor(c)).Append("\" data-client=\"").Append(E(c.Client))
         .Append("\" data-case=\"").Append(E(c.ScenarioId)).Append("\">\n<details").Append(open).Append(">\n<summary><span class=\"v ")
         .Append(verdict is { } v0 ? Css4(v0) : "v-none").Append("\">").Append(label).Append("</span> <b>").Append(E(c.Client)).Append("</b> · <code>")
         .Append(E(c.ScenarioId)).Append("</code>").Append(compact ? "" : " — " + E(c.Title)).Append("</summary>\n");

        h.Append("<p class=\"meta\"><a href=\"#").Append(ScenarioAnchor(c.ScenarioId)).Append("\">the scenario</a> · case ").Append(E(c.CaseId))
         .Append(" · profile ").Append(E(c.Expectation.Profile)).Append(" · ").Append(E(ReportText.Ms(c.DurationMs))).Append(" ms");
        if (c.ExitCode is { } exit) h.Append(" · exit ").Append(exit);
        if (c.TimedOut) h.Append(" · <b>timed out</b>");
        h.Append("</p>\n");
        if (!compact && c.CommandLine.Length > 0) h.Append("<p class=\"meta\">command: <code>").Append(E(c.CommandLine)).Append("</code></p>\n");
        if (compact)
        {
            // PASS verdicts by rule id (their reasons are in results.json); SKIPPED and NOT RUN with the reason, which says why.
            h.Append("<ul class=\"vl\">\n");
            var passed = c.Verdicts.Where(v => v.Verdict == Verdict.Pass).Select(v => "<code>" + E(v.RuleId) + "</code>").ToList();
            if (passed.Count > 0) h.Append("<li><span class=\"v v-pass\">PASS</span> ").Append(string.Join(", ", passed)).Append("</li>\n");
            foreach (var v in c.Verdicts.Where(v => v.Verdict != Verdict.Pass))
                h.Append("<li><span class=\"v ").Append(Css4(v.Verdict)).Append("\">").Append(v.Verdict.Label()).Append("</span> <code>").Append(E(v.RuleId)).Append("</code> — ")
                 .Append(Vis(v.Reason)).Append("</li>\n");
            h.Append("</ul>\n");
            WireNote(h, c, wire);
            if (c.Stderr.Length > 0) h.Append("<p class=\"meta\">stderr: ").Append(c.Stderr.Length).Append(" characters (in results.json)</p>\n");
            Attachments(h, c);
            h.Append("</details>\n</section>\n");
            return;
        }

        // Expected vs observed.
        h.Append("<div class=\"eo\">\n<div><h4>Expected</h4><p>outcome: ").Append(E(c.Expectation.Outcome.ToString()));
        if (c.Expectation.FinishReason is { } fr) h.Append(" · finish_reason ").Append(E(fr));
        h.Append(" · attempts ").Append(c.Expectation.Attempts).Append("</p>\n<pre class=\"text\">").Append(CappedText(c.Expectation.Text)).Append("</pre></div>\n");
        var observed = ReportText.ObservedText(c);
        h.Append("<div><h4>Observed</h4><p>").Append(E(ReportText.ObservedOutcome(c)))
         .Append(" · attempts ").Append(c.Journal.Exchanges.Count).Append("</p>\n<pre class=\"text\">")
         .Append(observed is null ? "<i>(the client reported no message)</i>" : CappedText(observed)).Append("</pre></div>\n</div>\n");
        foreach (var (aspect, why) in c.Expectation.Undefined)
            h.Append("<p class=\"meta\">undefined by the profile: ").Append(E(aspect)).Append(" — ").Append(E(why)).Append("</p>\n");

        // Verdicts.
        h.Append("<table class=\"verdicts\">\n<thead><tr><th>Rule</th><th>Level</th><th>Verdict</th><th>Reason</th><th>Expected</th><th>Observed</th><th>Evidence</th></tr></thead>\n<tbody>\n");
        foreach (var v in c.Verdicts)
        {
            var rule = rules.GetValueOrDefault(v.RuleId);
            h.Append("<tr data-rule=\"").Append(E(v.RuleId)).Append("\" data-verdict=\"").Append(v.Verdict.Label()).Append("\"><td><code title=\"")
             .Append(E(rule?.Says ?? "")).Append("\">").Append(E(v.RuleId)).Append("</code></td><td>")
             .Append(rule?.Level.ToString().ToUpperInvariant() ?? "?").Append("</td><td class=\"v ").Append(Css4(v.Verdict)).Append("\">")
             .Append(v.Verdict.Label()).Append("</td><td>").Append(Vis(v.Reason)).Append("</td><td>").Append(Vis(v.Expected ?? ""))
             .Append("</td><td>").Append(Vis(v.Observed ?? "")).Append("</td><td>").Append(Vis(v.Evidence ?? "")).Append("</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");

        // Timeline.
        h.Append("<h4>Timeline</h4>\n");
        Timeline.Render(h, c, client);

        if (c.Faults.Count > 0)
        {
            h.Append("<h4>Faults</h4>\n<ul>");
            foreach (var f in c.Faults) h.Append("<li>").Append(Vis(f)).Append("</li>");
            h.Append("</ul>\n");
        }

        ObservationList(h, c);
        WireNote(h, c, wire);

        if (c.Stderr.Length > 0)
        {
            h.Append("<details><summary>stderr (").Append(c.Stderr.Length).Append(" chars)</summary>\n<pre>")
             .Append(Vis(ReportText.Cap(c.Stderr, TextCap, out var cut))).Append("</pre>");
            if (cut) h.Append("<p class=\"meta\">… cut at ").Append(TextCap).Append(" characters; the full text is in results.json.</p>");
            h.Append("</details>\n");
        }
        Attachments(h, c);
        h.Append("</details>\n</section>\n");
    }

    private static void Attachments(StringBuilder h, CaseResult c)
    {
        if (c.Attachments.TryGetValue("screenshot", out var shot) && shot.StartsWith("data:image/png;base64,", StringComparison.Ordinal)
            && shot.AsSpan("data:image/png;base64,".Length).IndexOfAnyExcept(Base64Chars) < 0)
            h.Append("<h4>Screenshot</h4>\n<img class=\"shot\" alt=\"browser screenshot\" src=\"").Append(E(shot)).Append("\">\n");
        if (c.Attachments.TryGetValue("console", out var console))
        {
            h.Append("<h4>Console</h4>\n<pre>").Append(Vis(ReportText.Cap(console, TextCap, out var cut))).Append("</pre>\n");
            if (cut) h.Append("<p class=\"meta\">… cut at ").Append(TextCap).Append(" characters.</p>\n");
        }
    }

    private static readonly System.Buffers.SearchValues<char> Base64Chars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    private static void ObservationList(StringBuilder h, CaseResult c)
    {
        h.Append("<details><summary>Observations (").Append(c.Observations.Count).Append(")</summary>\n<ol class=\"obs\">\n");
        foreach (var o in c.Observations.Take(ObservationListCap))
        {
            h.Append("<li><span class=\"t\">").Append(E(ReportText.Ms(o.AtMs))).Append(" ms</span> ");
            switch (o)
            {
                case ChunkObservation ch: h.Append("chunk <code>").Append(Vis(ReportText.Cap(ch.Data.GetRawText(), 512, out var chunkCut))).Append(chunkCut ? "…" : "").Append("</code>"); break;
                case ErrorObservation e:
                    h.Append("error <b>").Append(E(e.Kind)).Append("</b>");
                    if (e.Status is { } s) h.Append(' ').Append(s);
                    if (e.Message is { } msg) h.Append(" — ").Append(Vis(msg));
                    break;
                case RetryObservation r: h.Append("retry attempt ").Append(r.Attempt); break;
                case MessageObservation m:
                    h.Append("message ");
                    if (m.FinishReason is { } f) h.Append("finish_reason ").Append(E(f)).Append(' ');
                    if (m.ToolCalls is { Count: > 0 } tc) h.Append(tc.Count).Append(" tool call(s) ");
                    h.Append("<code>").Append(Vis(ReportText.Cap(m.Content ?? "", 512, out var cut))).Append(cut ? "…" : "").Append("</code>");
                    break;
                case EndObservation e: h.Append("end <b>").Append(E(e.Reason)).Append("</b>"); break;
            }
            h.Append("</li>\n");
        }
        h.Append("</ol>\n");
        if (c.Observations.Count > ObservationListCap)
            h.Append("<p class=\"meta\">… ").Append(c.Observations.Count - ObservationListCap).Append(" more observations in results.json.</p>\n");
        h.Append("</details>\n");
    }

    private static void Transcript(StringBuilder h, CaseResult c)
    {
        h.Append("<details><summary>Wire transcript (").Append(c.Journal.Exchanges.Count).Append(" exchange(s))</summary>\n");
        var budget = TranscriptCapBytes;
        var hidden = 0;
        foreach (var x in c.Journal.Exchanges)
        {
            h.Append("<h5>Attempt ").Append(x.Attempt).Append(": ").Append(E(x.Request.Method)).Append(' ').Append(E(x.Request.Path))
             .Append(" <span class=\"meta\">at ").Append(E(Stamp(x.Request.At))).Append("</span></h5>\n");
            if (x.Response is not { } r) { h.Append("<p class=\"meta\">no response recorded</p>\n"); continue; }
            h.Append("<p class=\"meta\">status ").Append(r.Status).Append(" · framing ").Append(E(r.Framing.ToString())).Append(" · ended <b>")
             .Append(E(r.Ended)).Append("</b> at ").Append(E(ReportText.Ms(r.EndedAtMs))).Append(" ms");
            if (r.ClientClosedAtMs is { } cc) h.Append(" · client closed at ").Append(E(ReportText.Ms(cc))).Append(" ms");
            if (!r.Complete) h.Append(" · plan not complete");
            h.Append("</p>\n<pre class=\"head\">").Append(Segments(ReportText.VisibleBytes(r.Head))).Append("</pre>\n<ol class=\"writes\">\n");
            for (var i = 0; i < r.Writes.Count; i++)
            {
                var w = r.Writes[i];
                if (budget <= 0) { hidden++; continue; }
                var shown = Math.Min(budget, w.Bytes.Length);
                budget -= shown;
                h.Append("<li value=\"").Append(i + 1).Append("\"><span class=\"t\">").Append(E(ReportText.Ms(w.AtMs))).Append(" ms · body ")
                 .Append(w.Offset).Append('+').Append(w.Length).Append("</span><pre>")
                 .Append(Segments(ReportText.VisibleBytes(w.Bytes.AsSpan(0, shown))));
                if (shown < w.Length) h.Append("<span class=\"esc\">… ").Append(w.Length - shown).Append(" more bytes</span>");
                h.Append("</pre></li>\n");
            }
            h.Append("</ol>\n");
        }
        if (hidden > 0)
            h.Append("<p class=\"meta\">… ").Append(hidden).Append(" more write(s) not shown: the page shows the first ")
             .Append(TranscriptCapBytes).Append(" bytes per case; results.json has every byte within its bounds (docs/results-format.md).</p>\n");
        h.Append("</details>\n");
    }

    /// <summary>One line per exchange saying how much of the scenario's transcript the case got; its own transcript when the bytes differ.</summary>
    private static void WireNote(StringBuilder h, CaseResult c, CaseResult? wire)
    {
        if (c.Journal.Exchanges.Count == 0) return;
        if (ReferenceEquals(c, wire)) { h.Append("<p class=\"meta\">wire: <a href=\"#").Append(ScenarioAnchor(c.ScenarioId)).Append("\">the scenario's transcript</a> is this case's</p>\n"); return; }
        if (wire is null || SameWire(c, wire) is not { } lines) { Transcript(h, c); return; }
        h.Append("<p class=\"meta\">wire: <a href=\"#").Append(ScenarioAnchor(c.ScenarioId)).Append("\">the scenario's</a>, ").Append(E(string.Join("; ", lines))).Append("</p>\n");
    }

    private static string ScenarioAnchor(string scenarioId) => "scenario-" + Slug(scenarioId);

    internal static string Segments(IReadOnlyList<TextSegment> segments)
    {
        var sb = new StringBuilder();
        foreach (var s in segments)
        {
            if (s.IsEscape) sb.Append("<span class=\"esc\">").Append(E(s.Text)).Append("</span>");
            else sb.Append(E(s.Text));
        }
        return sb.ToString();
    }

    /// <summary>Escaped text with invisible characters shown.</summary>
    internal static string Vis(string text) => Segments(ReportText.Visible(text));

    /// <summary>HTML-encodes text for element content and quoted attributes (also strips what XML/HTML cannot carry).</summary>
    internal static string E(string text) => WebUtility.HtmlEncode(ReportText.XmlSafe(text));

    private static string Anchor(CaseResult c) => "case-" + Slug(c.Client) + "--" + Slug(c.ScenarioId);

    private static string Slug(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s) sb.Append(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '.' or '_' ? ch : '_');
        return sb.ToString();
    }

    internal static string Css4(Verdict v) => v switch
    {
        Verdict.Pass => "v-pass",
        Verdict.NonStrict => "v-nonstrict",
        Verdict.Info => "v-info",
        Verdict.Fail => "v-fail",
        Verdict.Skipped => "v-skipped",
        Verdict.AdapterError => "v-adapter",
        Verdict.Timeout => "v-timeout",
        Verdict.NotRun => "v-none",
        _ => "v-none",
    };

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture);
    private static string Seconds(double ms) => (ms / 1000).ToString("0.0", CultureInfo.InvariantCulture);

    private const string Css = """
        body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5rem; color: #1b1f24; background: #fff; }
        h1 { margin: 0 0 .25rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
        .meta { color: #57606a; font-size: 12px; }
        code, pre { font: 12px/1.4 ui-monospace, Menlo, Consolas, monospace; }
        pre { white-space: pre-wrap; word-break: break-all; background: #f6f8fa; padding: .4rem .6rem; margin: .2rem 0; max-height: 24rem; overflow: auto; }
        table { border-collapse: collapse; margin: .5rem 0; }
        th, td { border: 1px solid #d0d7de; padding: .2rem .5rem; text-align: left; vertical-align: top; }
        table.matrix td { text-align: center; white-space: nowrap; }
        table.matrix td a { color: inherit; font-weight: 600; text-decoration: none; }
        tr.family th { background: #eaeef2; text-transform: uppercase; letter-spacing: .05em; font-size: 12px; }
        .v { font-weight: 600; }
        span.v { padding: 0 .35rem; border-radius: 3px; }
        .v-pass { background: #dafbe1; color: #116329; }
        .v-nonstrict { background: #fff8c5; color: #7d4e00; }
        .v-info { background: #ddf4ff; color: #0a3069; }
        .v-fail { background: #ffebe9; color: #a40e26; }
        .v-skipped { background: #eaeef2; color: #57606a; }
        .v-adapter { background: #fbefff; color: #6e40c9; }
        .v-timeout { background: #ffe2cc; color: #953800; }
        .v-none { background: #fff; color: #8c959f; }
        section.case { margin: .4rem 0; }
        section.scenario { margin: 1rem 0 .3rem; border-top: 1px solid #d0d7de; }
        section.scenario h4 { margin: .4rem 0 .2rem; }
        ul.vl { margin: .2rem 0; padding-left: 1.2rem; }
        section.case > details > summary { cursor: pointer; padding: .2rem 0; }
        .eo { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
        .eo h4 { margin: .3rem 0; }
        .esc { color: #cf222e; background: #ffebe9; border-radius: 2px; padding: 0 1px; }
        .t { color: #57606a; font-size: 12px; }
        ol.writes pre { display: inline-block; vertical-align: top; margin-left: .5rem; }
        svg.timeline { display: block; max-width: 100%; height: auto; background: #fff; border: 1px solid #d0d7de; }
        svg.timeline text { font: 10px ui-monospace, monospace; fill: #1b1f24; }
        img.shot { max-width: 100%; border: 1px solid #d0d7de; }

        """;

    /// <summary>Expected/observed text, cut at <see cref="TextCap"/> (a 1 MiB event would make the page unusable); results.json has it whole.</summary>
    private static string CappedText(string text)
    {
        var shown = Vis(ReportText.Cap(text, TextCap, out var cut));
        return cut ? shown + $"\n<i>… cut at {TextCap} of {text.Length} characters; the full text is in results.json.</i>" : shown;
    }
}
