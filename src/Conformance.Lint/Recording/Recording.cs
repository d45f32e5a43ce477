using Conformance.Core.Dialects;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Core.Scenarios;
using Conformance.Core.Wire;
using Conformance.Lint.Wire;

using Conformance.Lint.Dialects;

namespace Conformance.Lint.Recording;

/// <summary>One body write of a recording: its bytes and the pause before it (ms).</summary>
public sealed record RecordedWrite(byte[] Bytes, int DelayMs);

/// <summary>
/// A server's response as the scenario language replays it: status, headers, framing, each write with the pause
/// before it, and the end. Written as a scenario of <c>raw</c> / <c>bytes</c> steps (one step per write, each
/// step's <c>delayMs</c> the recorded gap) so serve and run send the same bytes in the same writes.
/// </summary>
public sealed record Recording
{
    public required string Id { get; init; }
    public required IDialect Api { get; init; }
    public required int Status { get; init; }
    public string? Reason { get; init; }
    /// <summary>The recorded headers, hop-by-hop and per-connection ones dropped (the mock writes its own framing).</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }
    public required BodyFraming Framing { get; init; }
    public required IReadOnlyList<RecordedWrite> Writes { get; init; }
    public EndKind End { get; init; } = EndKind.Clean;
    public int? EndAfterBytes { get; init; }
    public int EndMs { get; init; }
    public required IReadOnlyList<string> Rules { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    /// <summary>Where it came from, one line each; written as // comments above the JSON.</summary>
    public IReadOnlyList<string> Origin { get; init; } = [];

    /// <summary>
    /// Headers a replay must not copy: framing and connection handling, and cross-origin handling (Access-Control-*,
    /// Vary), which the replaying mock writes itself; the date; cookies (a session is nobody's test data).
    /// </summary>
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
        { "transfer-encoding", "content-length", "connection", "keep-alive", "date", "set-cookie", "alt-svc", "vary" };

    public byte[] Body() => [.. Writes.SelectMany(w => w.Bytes)];

    public static string EndName(EndKind e) => ScenarioNames.End(e);

    /// <summary>A capture as a recording: for a chunked body one write per chunk (the server's flushes), else one per read.</summary>
    public static Recording FromCapture(StreamCapture c, string id, IDialect api, DateTimeOffset recordedAt)
    {
        var writes = new List<RecordedWrite>();
        var previous = c.HeadAtMs ?? 0;
        foreach (var p in c.Pieces)
        {
            writes.Add(new RecordedWrite(c.Body.AsSpan(p.Offset, p.Length).ToArray(), (int)Math.Max(0, Math.Round(p.AtMs - previous))));
            previous = p.AtMs;
        }
        var end = c.Ended switch { CaptureEnds.Eof => EndKind.Fin, CaptureEnds.Reset => EndKind.Reset, _ => EndKind.Clean };
        var clean = LintDialects.For(api).RecordingRules;
        // A cut stream is about the cut; the content rule (the dialect's first) says what was yielded before it.
        string[] Cut(string rule) => [clean[0], rule];
        return new Recording
        {
            Id = id,
            Api = api,
            Status = c.Status ?? 0,
            Reason = c.Reason,
            Headers = [.. c.Headers.Where(h => !Dropped.Contains(h.Key) && !h.Key.StartsWith("access-control-", StringComparison.OrdinalIgnoreCase))],
            Framing = c.Framing,
            Writes = writes,
            End = end,
            Rules = end == EndKind.Clean ? clean : end == EndKind.Fin ? Cut("net.fin.not-success") : Cut("net.reset.not-success"),
            Title = $"Recorded: POST {c.Url.GetLeftPart(UriPartial.Path)}",
            Description = $"The stream a server sent, byte for byte and write by write ({writes.Count} writes, {c.Body.Length} body bytes, ended {c.Ended}), replayed with its timing. A correct client yields what a reference parser yields from these bytes.",
            Origin =
            [
                $"Recorded by `conformance record` from POST {c.Url} at {recordedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)} ({api.Name}).",
                $"HTTP {c.Status} {c.Reason}; {writes.Count} writes, {c.Body.Length} body bytes, ended {c.Ended} after {c.EndedAtMs:0} ms.",
                $"Request body: {c.RequestBody}",
                "Credentials were not stored (request headers are not part of a scenario).",
            ],
        };
    }

    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The scenario file's text: the origin as comments, then the JSON.</summary>
    public string ToScenarioJson()
    {
        var headers = new JsonObject();
        // The stream defaults add Content-Type and Cache-Control: a recording without them must remove them.
        if (!Headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))) headers["Content-Type"] = null;
        if (!Headers.Any(h => h.Key.Equals("Cache-Control", StringComparison.OrdinalIgnoreCase))) headers["Cache-Control"] = null;
        foreach (var (k, v) in Headers)
            if (!headers.ContainsKey(k)) headers[k] = v;
        var events = new JsonArray();
        foreach (var w in Writes)
        {
            var step = Utf8(w.Bytes) is { } text ? new JsonObject { ["raw"] = text } : new JsonObject { ["bytes"] = "base64:" + Convert.ToBase64String(w.Bytes) };
            if (w.DelayMs > 0) step["delayMs"] = w.DelayMs;
            events.Add(step);
        }
        var end = new JsonObject { ["kind"] = ScenarioNames.End(End) };
        if (EndMs > 0) end["ms"] = EndMs;
        if (EndAfterBytes is { } after) end["afterBytes"] = after;
        var response = new JsonObject { ["status"] = Status };
        if (Reason is { Length: > 0 } reason && reason != ReasonPhrases.For(Status)) response["reason"] = reason;
        response["headers"] = headers;
        response["framing"] = ScenarioNames.Framing(Framing);
        response["stream"] = new JsonObject
        {
            ["events"] = events,
            ["transport"] = new JsonObject { ["split"] = "per-event", ["end"] = end },
        };
        var root = new JsonObject
        {
            ["$schema"] = "../scenario.schema.json",
            ["id"] = Id,
            ["title"] = Title,
            ["description"] = Description,
            ["rules"] = new JsonArray([.. Rules.Select(r => (JsonNode)r)]),
            ["api"] = Api.Name,
            ["responses"] = new JsonArray(response),
        };
        var sb = new StringBuilder();
        foreach (var line in Origin) sb.Append("// ").Append(line.Replace('\n', ' ').Replace('\r', ' ')).Append('\n');
        sb.Append(root.ToJsonString(WriteOptions)).Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// Parses the written file and compiles it: it must be a valid scenario whose plan sends exactly these writes
    /// (bytes and pauses), status, framing and end. Returns the error, or null when it replays the recording.
    /// </summary>
    public string? Verify(string json, string file)
    {
        var (scenario, errors) = ScenarioParser.Parse(json, file);
        if (scenario is null) return string.Join("; ", errors.Select(e => e.ToString()));
        var plan = ScenarioCompiler.Compile(scenario, 1);
        if (plan.Status != Status || plan.Framing != Framing || plan.Ending.Kind != End) return "status, framing or end differ after compiling";
        var expected = Cut();
        if (plan.Writes.Count != expected.Count) return $"{plan.Writes.Count} writes instead of {expected.Count}";
        for (var i = 0; i < expected.Count; i++)
            if (plan.Writes[i].DelayMs != expected[i].DelayMs || !plan.Writes[i].Bytes.Span.SequenceEqual(expected[i].Bytes))
                return $"write #{i + 1} differs after compiling";
        return null;
    }

    /// <summary>The writes a replay sends: all of them, or those before <see cref="EndAfterBytes"/>.</summary>
    public IReadOnlyList<RecordedWrite> Cut()
    {
        if (EndAfterBytes is not { } limit) return Writes;
        var kept = new List<RecordedWrite>();
        var sent = 0;
        foreach (var w in Writes)
        {
            if (sent >= limit) break;
            var take = Math.Min(w.Bytes.Length, limit - sent);
            kept.Add(w with { Bytes = w.Bytes[..take] });
            sent += take;
        }
        return kept;
    }

    private static string? Utf8(byte[] bytes)
    {
        try
        {
            var s = new UTF8Encoding(false, true).GetString(bytes);
            // A raw step is UTF-8 text; a BOM or a NUL is kept in a bytes step, where nothing reads it as text.
            return s.Contains('\uFEFF') || s.Contains('\0') ? null : s;
        }
        catch (DecoderFallbackException) { return null; }
    }
}
