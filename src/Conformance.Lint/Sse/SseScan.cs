using System.Text;

namespace Conformance.Lint.Sse;

/// <summary>One line of the body: content [Start, End), then its ending ("lf", "crlf", "cr", or "" at the end of the body).</summary>
public sealed record SseLine(int Start, int End, string Ending, int Next)
{
    public bool IsBlank => End == Start;
}

/// <summary>
/// One block of lines up to a blank line (the WHATWG parser dispatches at the blank line): [Start, End) in body
/// bytes, the blank line included when <see cref="Terminated"/>. <see cref="Event"/> is the event: field,
/// <see cref="Data"/> the data: lines joined with LF (null when the block has none: a comment or heartbeat).
/// </summary>
public sealed record SseEvent(int Index, int Start, int End, bool Terminated, string? Event, string? Data, IReadOnlyList<SseLine> Lines)
{
    /// <summary>Body byte offsets as a report shows them: "bytes 120–187".</summary>
    public string Range => $"bytes {Start}–{End - 1}";
}

/// <summary>
/// Splits a stream body into lines and events the way the WHATWG "event stream interpretation" does (CR, LF and
/// CRLF all end a line; a leading BOM is skipped), keeping every byte offset so a verdict can point at the bytes.
/// </summary>
public sealed record SseScan(IReadOnlyList<SseLine> Lines, IReadOnlyList<SseEvent> Events)
{
    public static SseScan Of(ReadOnlySpan<byte> body)
    {
        var lines = new List<SseLine>();
        var i = body.StartsWith("\uFEFF"u8) ? 3 : 0;
        while (i < body.Length)
        {
            var start = i;
            while (i < body.Length && body[i] != '\r' && body[i] != '\n') i++;
            if (i >= body.Length) { lines.Add(new SseLine(start, i, "", i)); break; }
            if (body[i] == '\r' && i + 1 < body.Length && body[i + 1] == '\n') { lines.Add(new SseLine(start, i, "crlf", i + 2)); i += 2; }
            else { lines.Add(new SseLine(start, i, body[i] == '\r' ? "cr" : "lf", i + 1)); i++; }
        }

        var events = new List<SseEvent>();
        var block = new List<SseLine>();
        foreach (var line in lines)
        {
            if (!line.IsBlank) { block.Add(line); continue; }
            // A blank line dispatches; one without an ending is only the end of the body, and extra blank lines dispatch nothing.
            if (line.Ending == "" || block.Count == 0) continue;
            events.Add(Build(events.Count, block, line.Next, true, body));
            block = [];
        }
        if (block.Count > 0) events.Add(Build(events.Count, block, block[^1].Next, false, body));
        return new SseScan(lines, events);
    }

    private static SseEvent Build(int index, List<SseLine> block, int end, bool terminated, ReadOnlySpan<byte> body)
    {
        string? type = null;
        StringBuilder? data = null;
        foreach (var line in block)
        {
            var text = Encoding.UTF8.GetString(body[line.Start..line.End]);
            if (text.StartsWith(':')) continue;
            var colon = text.IndexOf(':');
            var name = colon < 0 ? text : text[..colon];
            var value = colon < 0 ? "" : text[(colon + 1)..];
            if (value.StartsWith(' ')) value = value[1..];
            if (name == "event") type = value;
            else if (name == "data")
            {
                if (data is null) data = new StringBuilder(value);
                else data.Append('\n').Append(value);
            }
        }
        return new SseEvent(index, block[0].Start, end, terminated, type, data?.ToString(), [.. block]);
    }

    /// <summary>The events that carry data (what an SDK yields or parses), in order.</summary>
    public IEnumerable<SseEvent> DataEvents => Events.Where(e => e.Data is not null);
}
