using System.Globalization;
using System.Text;
using Conformance.Core.Journal;
using Conformance.Core.Observations;
using Conformance.Core.Results;

namespace Conformance.Core.Reports;

/// <summary>
/// The inline SVG timeline of a case: one lane of server writes per attempt (a bar per write, width ∝ bytes,
/// the end of the response and the client's close marked) and one lane of what the client observed
/// (chunk, error, retry, message, end), on one millisecond axis. A split shows as two bars, a stall as a gap
/// before an end mark, a buffered burst as observations piled up after spread-out writes.
/// Server times count from the arrival of request 1 (attempt N is shifted by its arrival); client times count
/// from the client's start: the two clocks start at roughly, not exactly, the same moment.
/// More than <see cref="MaxMarks"/> marks in a lane are aggregated into <see cref="Bins"/> bins.
/// For a proxy under test (<see cref="ClientInfo.Driver"/> <c>proxy:…</c>) the lanes are the mock's upstream
/// writes and the probe's downstream arrivals, and both count from the upstream request's arrival: one clock,
/// so the horizontal distance between a write and its arrival is the proxy's lag.
/// </summary>
public static class Timeline
{
    public const int MaxMarks = 300;
    public const int Bins = 120;

    private const double Width = 900, Left = 118, Right = 24, LaneHeight = 40, Top = 8;
    private const double PlotWidth = Width - Left - Right;

    public static string Render(CaseResult c, ClientInfo? client = null)
    {
        var sb = new StringBuilder();
        Render(sb, c, client);
        return sb.ToString();
    }

    /// <summary>The driver prefix of a proxy under test (proxy mode): its "client" is the harness's probe.</summary>
    public const string ProxyDriverPrefix = "proxy";

    /// <summary>The driver prefix of a live server under lint: its "writes" are what the lint client received (chunks, or reads).</summary>
    public const string ServerDriverPrefix = "server";

    public static void Render(StringBuilder h, CaseResult c, ClientInfo? client = null)
    {
        var proxy = client?.Driver.StartsWith(ProxyDriverPrefix, StringComparison.Ordinal) == true;
        var server = client?.Driver.StartsWith(ServerDriverPrefix, StringComparison.Ordinal) == true;
        ArgumentNullException.ThrowIfNull(h);
        ArgumentNullException.ThrowIfNull(c);
        var exchanges = c.Journal.Exchanges;
        var origin = exchanges.Count > 0 ? exchanges.Min(x => x.Request.At) : default;
        double Shift(JournalExchange x) => Math.Max(0, (x.Request.At - origin).TotalMilliseconds);

        var maxT = 1.0;
        foreach (var x in exchanges)
        {
            var s = Shift(x);
            maxT = Math.Max(maxT, s);
            if (x.Response is { } r)
            {
                maxT = Math.Max(maxT, s + r.EndedAtMs);
                if (r.ClientClosedAtMs is { } cc) maxT = Math.Max(maxT, s + cc);
                foreach (var w in r.Writes) maxT = Math.Max(maxT, s + w.AtMs);
            }
        }
        foreach (var o in c.Observations) maxT = Math.Max(maxT, o.AtMs);
        maxT *= 1.04; // room for the last mark and its label
        double X(double t) => Left + Math.Clamp(t / maxT, 0, 1) * PlotWidth;

        var lanes = exchanges.Count + 1;
        var height = Top + lanes * LaneHeight + 44;
        h.Append("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").Append(N(Width)).Append("\" height=\"").Append(N(height))
         .Append("\" viewBox=\"0 0 ").Append(N(Width)).Append(' ').Append(N(height)).Append("\" data-case=\"").Append(HtmlReporter.E(c.ScenarioId)).Append("\">\n");
        h.Append("<title>Timeline of ").Append(HtmlReporter.E(c.Client)).Append(" on ").Append(HtmlReporter.E(c.ScenarioId)).Append("</title>\n");

        var maxLen = Math.Max(1, exchanges.SelectMany(x => x.Response?.Writes ?? []).Select(w => w.Length).DefaultIfEmpty(1).Max());
        var y = Top;
        foreach (var x in exchanges)
        {
            var shift = Shift(x);
            var writesLabel = proxy ? "upstream writes" : server ? "received" : "server writes";
            Lane(h, y, exchanges.Count == 1 ? writesLabel : $"{writesLabel} #{x.Attempt}");
            if (x.Response is { } r)
            {
                var writes = r.Writes;
                if (writes.Count <= MaxMarks)
                {
                    var labels = writes.Count <= 12;
                    var labelEnd = double.NegativeInfinity; // skip a label that would overprint the previous one
                    for (var i = 0; i < writes.Count; i++)
                    {
                        var w = writes[i];
                        var bw = 1.5 + 28.0 * w.Length / maxLen;
                        h.Append("<rect class=\"write\" x=\"").Append(N(X(shift + w.AtMs))).Append("\" y=\"").Append(N(y + 16)).Append("\" width=\"").Append(N(bw))
                         .Append("\" height=\"14\" fill=\"#0969da\" fill-opacity=\"0.75\"><title>write #").Append(i + 1).Append(": body ")
                         .Append(w.Offset).Append('+').Append(w.Length).Append(" at ").Append(N(w.AtMs)).Append(" ms</title></rect>\n");
                        var label = string.Create(CultureInfo.InvariantCulture, $"{w.Offset}+{w.Length}");
                        if (labels && X(shift + w.AtMs) > labelEnd)
                        {
                            h.Append("<text x=\"").Append(N(X(shift + w.AtMs))).Append("\" y=\"").Append(N(y + 12)).Append("\">").Append(label).Append("</text>\n");
                            labelEnd = X(shift + w.AtMs) + label.Length * 6.2 + 4;
                        }
                        // A long silence between writes is what a stall looks like: say how long. A proxy case
                        // paces its writes on purpose; there the story is the lag, drawn as write → arrival lines.
                        if (!proxy && i > 0 && w.AtMs - writes[i - 1].AtMs is var gap && gap >= Math.Max(100, maxT * 0.15))
                            Gap(h, X(shift + writes[i - 1].AtMs), X(shift + w.AtMs), y + 38, gap);
                    }
                }
                else
                {
                    BinLane(h, writes.Select(w => (shift + w.AtMs, (double)w.Length)).ToList(), maxT, y, "#0969da", "write", "bytes");
                }
                if (!proxy && writes.Count > 0 && r.EndedAtMs - writes[^1].AtMs is var tail && tail >= Math.Max(100, maxT * 0.15))
                    Gap(h, X(shift + writes[^1].AtMs), X(shift + r.EndedAtMs), y + 38, tail);
                var endX = X(shift + r.EndedAtMs);
                h.Append("<line class=\"end\" x1=\"").Append(N(endX)).Append("\" x2=\"").Append(N(endX)).Append("\" y1=\"").Append(N(y + 4)).Append("\" y2=\"").Append(N(y + 34))
                 .Append("\" stroke=\"").Append(EndColour(r.Ended)).Append("\" stroke-width=\"2\"><title>response ended: ").Append(HtmlReporter.E(r.Ended))
                 .Append(" at ").Append(N(r.EndedAtMs)).Append(" ms</title></line>\n");
                h.Append("<text x=\"").Append(N(endX + 3)).Append("\" y=\"").Append(N(y + 40)).Append("\" fill=\"").Append(EndColour(r.Ended)).Append("\">")
                 .Append(HtmlReporter.E(r.Ended)).Append("</text>\n");
                if (r.ClientClosedAtMs is { } closed)
                {
                    var cx = X(shift + closed);
                    h.Append("<line class=\"client-closed\" x1=\"").Append(N(cx)).Append("\" x2=\"").Append(N(cx)).Append("\" y1=\"").Append(N(y + 4))
                     .Append("\" y2=\"").Append(N(y + LaneHeight * 2 - 6)).Append("\" stroke=\"#6e7781\" stroke-dasharray=\"3 2\"><title>client closed at ")
                     .Append(N(closed)).Append(" ms</title></line>\n<text x=\"").Append(N(cx - 3)).Append("\" y=\"").Append(N(y + 10)).Append("\" text-anchor=\"end\">client closed</text>\n");
                }
            }
            else
            {
                h.Append("<text x=\"").Append(N(Left + 4)).Append("\" y=\"").Append(N(y + 26)).Append("\">no response recorded</text>\n");
            }
            y += LaneHeight;
        }

        Lane(h, y, proxy ? "downstream arrivals" : server ? "events" : "client observed", proxy ? "(probe)" : server ? "(lint)" : null);
        var chunks = c.Observations.OfType<ChunkObservation>().ToList();
        if (proxy && chunks.Count <= MaxMarks)
            LagLines(h, chunks, X, y);
        if (chunks.Count <= MaxMarks)
            foreach (var o in chunks)
                h.Append("<circle class=\"obs-chunk\" cx=\"").Append(N(X(o.AtMs))).Append("\" cy=\"").Append(N(y + 23)).Append("\" r=\"3\" fill=\"#1a7f37\"><title>chunk at ")
                 .Append(N(o.AtMs)).Append(" ms</title></circle>\n");
        else
            BinLane(h, chunks.Select(o => (o.AtMs, 1.0)).ToList(), maxT, y, "#1a7f37", "chunk", null);
        foreach (var o in c.Observations.Where(o => o is not ChunkObservation).Take(MaxMarks))
        {
            var ox = X(o.AtMs);
            switch (o)
            {
                case ErrorObservation e:
                    h.Append("<path class=\"obs-error\" d=\"M").Append(N(ox - 4)).Append(' ').Append(N(y + 19)).Append(" l8 8 m0 -8 l-8 8\" stroke=\"#cf222e\" stroke-width=\"2\"><title>error ")
                     .Append(HtmlReporter.E(e.Kind)).Append(" at ").Append(N(o.AtMs)).Append(" ms</title></path>\n");
                    break;
                case EndObservation e:
                    h.Append("<rect class=\"obs-end\" x=\"").Append(N(ox - 4)).Append("\" y=\"").Append(N(y + 19)).Append("\" width=\"8\" height=\"8\" fill=\"#1b1f24\"><title>end ")
                     .Append(HtmlReporter.E(e.Reason)).Append(" at ").Append(N(o.AtMs)).Append(" ms</title></rect>\n");
                    break;
                case RetryObservation r:
                    h.Append("<path class=\"obs-retry\" d=\"M").Append(N(ox)).Append(' ').Append(N(y + 17)).Append(" l5 6 l-5 6 l-5 -6 z\" fill=\"#bc4c00\"><title>retry ")
                     .Append(r.Attempt).Append(" at ").Append(N(o.AtMs)).Append(" ms</title></path>\n");
                    break;
                case MessageObservation:
                    h.Append("<path class=\"obs-message\" d=\"M").Append(N(ox)).Append(' ').Append(N(y + 31)).Append(" l4 6 l-8 0 z\" fill=\"#8250df\"><title>message at ")
                     .Append(N(o.AtMs)).Append(" ms</title></path>\n");
                    break;
            }
        }
        y += LaneHeight;

        // Axis with round ticks (1, 2 or 5 × 10^k ms apart, at most about six).
        h.Append("<line x1=\"").Append(N(Left)).Append("\" x2=\"").Append(N(Left + PlotWidth)).Append("\" y1=\"").Append(N(y)).Append("\" y2=\"").Append(N(y)).Append("\" stroke=\"#8c959f\"/>\n");
        var step = TickStep(maxT / 5);
        for (var t = 0.0; t <= maxT; t += step)
        {
            h.Append("<text x=\"").Append(N(X(t))).Append("\" y=\"").Append(N(y + 12)).Append("\" text-anchor=\"middle\">").Append(N(t)).Append("</text>\n");
        }
        h.Append("<text x=\"").Append(N(Left)).Append("\" y=\"").Append(N(y + 30)).Append("\">")
         .Append(proxy
             ? "ms since the upstream request arrived, both lanes (one clock): the gap from a write to its arrival is the proxy's lag"
             : "ms · server: since request 1 arrived · client: since the client started (the clocks start at roughly the same moment)")
         .Append("</text>\n");
        h.Append("</svg>\n");
    }

    private static double TickStep(double rough)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(rough, 1e-3))));
        foreach (var m in new[] { 1.0, 2.0, 5.0, 10.0 })
            if (m * magnitude >= rough) return m * magnitude;
        return 10 * magnitude;
    }

    private static void Lane(StringBuilder h, double y, string label, string? second = null)
    {
        h.Append("<rect x=\"").Append(N(Left)).Append("\" y=\"").Append(N(y + 2)).Append("\" width=\"").Append(N(PlotWidth)).Append("\" height=\"").Append(N(LaneHeight - 4))
         .Append("\" fill=\"#f6f8fa\"/>\n<text x=\"4\" y=\"").Append(N(second is null ? y + 26 : y + 20)).Append("\">").Append(HtmlReporter.E(label)).Append("</text>\n");
        if (second is not null)
            h.Append("<text x=\"4\" y=\"").Append(N(y + 32)).Append("\">").Append(HtmlReporter.E(second)).Append("</text>\n");
    }

    /// <summary>
    /// Proxy mode: a line from each upstream write (its <c>upstreamAtMs</c>, lane above) to its downstream
    /// arrival, so a buffering proxy shows as lines fanning into one late point and a streaming one as verticals.
    /// </summary>
    private static void LagLines(StringBuilder h, IReadOnlyList<ChunkObservation> chunks, Func<double, double> x, double y)
    {
        foreach (var o in chunks)
        {
            if (!o.Data.TryGetProperty("upstreamAtMs", out var up) || up.ValueKind != System.Text.Json.JsonValueKind.Number) continue;
            var lag = o.AtMs - up.GetDouble();
            var late = lag > 50; // proxy.no-buffering's limit (rules/proxy-rules.json)
            h.Append("<line class=\"lag\" x1=\"").Append(N(x(up.GetDouble()))).Append("\" y1=\"").Append(N(y - LaneHeight + 30)).Append("\" x2=\"").Append(N(x(o.AtMs)))
             .Append("\" y2=\"").Append(N(y + 20)).Append("\" stroke=\"").Append(late ? "#cf222e" : "#1a7f37").Append("\" stroke-opacity=\"0.6\"><title>")
             .Append(o.Data.TryGetProperty("event", out var ev) ? $"write #{ev}: " : "").Append("upstream ").Append(N(up.GetDouble())).Append(" ms → downstream ")
             .Append(N(o.AtMs)).Append(" ms, lag ").Append(N(lag)).Append(" ms</title></line>\n");
        }
    }

    private static void Gap(StringBuilder h, double x1, double x2, double y, double ms)
    {
        if (x2 - x1 < 30) return;
        h.Append("<line class=\"gap\" x1=\"").Append(N(x1)).Append("\" x2=\"").Append(N(x2)).Append("\" y1=\"").Append(N(y - 6)).Append("\" y2=\"").Append(N(y - 6))
         .Append("\" stroke=\"#bc4c00\" stroke-dasharray=\"2 2\"/>\n<text x=\"").Append(N((x1 + x2) / 2)).Append("\" y=\"").Append(N(y - 8))
         .Append("\" text-anchor=\"middle\" fill=\"#bc4c00\">").Append(N(ms)).Append(" ms silent</text>\n");
    }

    /// <summary>Many marks become bars per time bin, height ∝ count, so a 5,000-event case stays a small picture.</summary>
    private static void BinLane(StringBuilder h, IReadOnlyList<(double T, double Weight)> marks, double maxT, double y, string colour, string what, string? weightName)
    {
        var counts = new int[Bins];
        var weights = new double[Bins];
        foreach (var (t, wgt) in marks)
        {
            var b = Math.Clamp((int)(t / maxT * Bins), 0, Bins - 1);
            counts[b]++;
            weights[b] += wgt;
        }
        var most = Math.Max(1, counts.Max());
        var binWidth = PlotWidth / Bins;
        for (var b = 0; b < Bins; b++)
        {
            if (counts[b] == 0) continue;
            var bh = 4 + 26.0 * counts[b] / most;
            h.Append("<rect class=\"bin\" x=\"").Append(N(Left + b * binWidth)).Append("\" y=\"").Append(N(y + 34 - bh)).Append("\" width=\"").Append(N(Math.Max(1, binWidth - 0.5)))
             .Append("\" height=\"").Append(N(bh)).Append("\" fill=\"").Append(colour).Append("\" fill-opacity=\"0.7\"><title>").Append(counts[b]).Append(' ').Append(what).Append("(s)");
            if (weightName is not null) h.Append(", ").Append(N(weights[b])).Append(' ').Append(weightName);
            h.Append(", ").Append(N(b * maxT / Bins)).Append('–').Append(N((b + 1) * maxT / Bins)).Append(" ms</title></rect>\n");
        }
        h.Append("<text x=\"").Append(N(Left + PlotWidth - 4)).Append("\" y=\"").Append(N(y + 12)).Append("\" text-anchor=\"end\">")
         .Append(marks.Count).Append(' ').Append(what).Append("s in ").Append(Bins).Append(" bins</text>\n");
    }

    private static string EndColour(string ended) => ended switch
    {
        Ends.Clean or Ends.Plain => "#1a7f37",
        Ends.Fin => "#9a6700",
        Ends.Reset => "#cf222e",
        Ends.Stall or Ends.HoldOpen => "#bc4c00",
        _ => "#6e7781",
    };

    private static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
