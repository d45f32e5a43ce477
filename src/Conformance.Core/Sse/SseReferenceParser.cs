using System.Text;

namespace Conformance.Core.Sse;

/// <summary>
/// The reference event-stream parser the expectations are derived from: the WHATWG HTML "event stream
/// interpretation" algorithm, with the dialect switches of <see cref="SseParseOptions"/>. It works on
/// the whole body at once (the reference never sees TCP reads), splitting lines on bytes — CR and LF
/// are ASCII, so a line boundary can never fall inside a UTF-8 sequence — and decoding each line.
/// </summary>
public static class SseReferenceParser
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    public static SseParseResult Parse(ReadOnlySpan<byte> body, SseParseOptions options)
    {
        var events = new List<SseEvent>();
        var undispatched = new List<SseBlock>();
        var blockLines = 0;
        var blockOnlyComments = true;
        var data = new StringBuilder();
        var hasData = false;
        string eventType = "";
        string? lastId = null;
        var pos = 0;
        if (options.SkipLeadingBom && body.StartsWith(Bom)) pos = Bom.Length;

        while (pos < body.Length)
        {
            var (lineEnd, next) = FindLineEnd(body, pos, options.BareCrEndsLine);
            if (lineEnd < 0) break; // an unfinished last line
            var line = Encoding.UTF8.GetString(body[pos..lineEnd]);
            pos = next;
            if (line.Length == 0)
            {
                // WHATWG: dispatch; an event whose data buffer is empty is not dispatched.
                if (hasData)
                {
                    var text = data.ToString();
                    events.Add(new SseEvent(eventType.Length == 0 ? "message" : eventType, text.EndsWith('\n') ? text[..^1] : text, lastId, pos));
                }
                else if (blockLines > 0)
                {
                    undispatched.Add(new SseBlock(blockOnlyComments, eventType.Length == 0 ? null : eventType, pos));
                }
                data.Clear();
                hasData = false;
                eventType = "";
                blockLines = 0;
                blockOnlyComments = true;
                continue;
            }
            blockLines++;
            blockOnlyComments &= line[0] == ':';
            ProcessLine(line, data, ref hasData, ref eventType, ref lastId);
        }

        var tailBytes = body.Length - pos;
        var unterminated = hasData || tailBytes > 0;
        if (options.FlushTrailingEvent && unterminated)
        {
            // Bastion: "A trailing event without a terminator is flushed at end-of-stream."
            if (tailBytes > 0)
            {
                var line = Encoding.UTF8.GetString(body[pos..]);
                // Without bare-CR line ends, one final CR is the first half of a CRLF that never came (an earlier CR
                // is content, as in "data: a\r\r\n"). What is left may be empty: an unfinished blank line, no field.
                if (!options.BareCrEndsLine && line.EndsWith('\r')) line = line[..^1];
                if (line.Length > 0) ProcessLine(line, data, ref hasData, ref eventType, ref lastId);
            }
            if (hasData)
            {
                var text = data.ToString();
                events.Add(new SseEvent(eventType.Length == 0 ? "message" : eventType, text.EndsWith('\n') ? text[..^1] : text, lastId, body.Length));
            }
        }
        return new SseParseResult(events, unterminated) { Undispatched = undispatched };
    }

    private static void ProcessLine(string line, StringBuilder data, ref bool hasData, ref string eventType, ref string? lastId)
    {
        if (line[0] == ':') return; // comment
        var colon = line.IndexOf(':');
        string field, value;
        if (colon < 0) { field = line; value = ""; }
        else
        {
            field = line[..colon];
            value = line[(colon + 1)..];
            if (value.StartsWith(' ')) value = value[1..]; // exactly one optional space
        }
        switch (field)
        {
            case "data":
                data.Append(value).Append('\n');
                hasData = true;
                break;
            case "event":
                eventType = value;
                break;
            case "id":
                if (!value.Contains('\0')) lastId = value;
                break;
            default:
                break; // retry and unknown fields do not make events
        }
    }

    /// <summary>Returns (end of line content, start of next line), or (-1, -1) when no line end follows.</summary>
    private static (int End, int Next) FindLineEnd(ReadOnlySpan<byte> body, int from, bool bareCr)
    {
        for (var i = from; i < body.Length; i++)
        {
            if (body[i] == (byte)'\n') return (i, i + 1);
            if (body[i] == (byte)'\r')
            {
                if (i + 1 < body.Length && body[i + 1] == (byte)'\n') return (i, i + 2);
                if (bareCr)
                {
                    // A CR as the very last byte is a complete line end under WHATWG (a following LF would
                    // be skipped); the body is complete here, so nothing can follow.
                    return (i, i + 1);
                }
            }
        }
        return (-1, -1);
    }
}
