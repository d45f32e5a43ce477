using System.Text;
using System.Text.Unicode;

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

    /// <param name="lastEventId">
    /// The last event ID buffer the stream starts with: null for a first connection. A reconnecting client carries its
    /// last event ID string into the next connection (see <see cref="Scoring.ExpectationBuilder"/> on why that is a reading).
    /// </param>
    public static SseParseResult Parse(ReadOnlySpan<byte> body, SseParseOptions options, string? lastEventId = null)
    {
        var events = new List<SseEvent>();
        var undispatched = new List<SseBlock>();
        var marks = new List<SseLineMark>();
        var pending = new List<SseLineKind>(); // the current block's line forms, placed at its blank line
        var blockStart = 0;
        var blockLines = 0;
        var blockOnlyComments = true;
        var data = new StringBuilder();
        var hasData = false;
        string eventType = "";
        string? lastId = lastEventId;
        // WHATWG "dispatch the event", step 1, runs at every blank line, also one that dispatches nothing:
        // "Set the last event ID string of the event source to the value of the last event ID buffer."
        string? idAtDispatch = null;
        int? reconnectionTime = null;
        var pos = 0;
        if (options.SkipLeadingBom && body.StartsWith(Bom)) pos = Bom.Length;

        while (pos < body.Length)
        {
            var (lineEnd, next) = FindLineEnd(body, pos, options.BareCrEndsLine);
            if (lineEnd < 0) break; // an unfinished last line
            if (!Utf8.IsValid(body[pos..lineEnd])) pending.Add(SseLineKind.InvalidUtf8);
            if (blockLines == 0) blockStart = pos;
            var line = Encoding.UTF8.GetString(body[pos..lineEnd]);
            pos = next;
            if (line.Length == 0)
            {
                var start = blockStart;
                marks.AddRange(pending.Select(k => new SseLineMark(k, pos) { StartOffset = start }));
                pending.Clear();
                idAtDispatch = lastId ?? "";
                // WHATWG: dispatch; an event whose data buffer is empty is not dispatched.
                if (hasData)
                {
                    var text = data.ToString();
                    events.Add(new SseEvent(eventType.Length == 0 ? "message" : eventType, text.EndsWith('\n') ? text[..^1] : text, lastId, pos) { StartOffset = blockStart });
                }
                else if (blockLines > 0)
                {
                    undispatched.Add(new SseBlock(blockOnlyComments, eventType.Length == 0 ? null : eventType, pos) { StartOffset = blockStart });
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
            if (FormOf(line) is { } form) pending.Add(form);
            ProcessLine(line, data, ref hasData, ref eventType, ref lastId, ref reconnectionTime);
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
                if (line.Length > 0)
                {
                    if (!Utf8.IsValid(body[pos..])) pending.Add(SseLineKind.InvalidUtf8);
                    if (FormOf(line) is { } form) pending.Add(form);
                    ProcessLine(line, data, ref hasData, ref eventType, ref lastId, ref reconnectionTime);
                }
            }
            if (hasData)
            {
                var text = data.ToString();
                events.Add(new SseEvent(eventType.Length == 0 ? "message" : eventType, text.EndsWith('\n') ? text[..^1] : text, lastId, body.Length) { StartOffset = blockLines == 0 && tailBytes > 0 ? pos : blockStart });
                var (start, end) = (events[^1].StartOffset, body.Length);
                marks.AddRange(pending.Select(k => new SseLineMark(k, end) { StartOffset = start }));
            }
        }
        return new SseParseResult(events, unterminated) { Undispatched = undispatched, LastEventIdAtDispatch = idAtDispatch, ReconnectionTimeMs = reconnectionTime, Marks = marks };
    }

    /// <summary>The form of a non-empty line that a rule is about, if any: <c>data:</c> without exactly one space, or no colon at all.</summary>
    private static SseLineKind? FormOf(string line)
    {
        if (line[0] == ':') return null;
        var colon = line.IndexOf(':');
        if (colon < 0) return SseLineKind.NoColon;
        if (line.AsSpan(0, colon) is not "data") return null;
        var value = line.AsSpan(colon + 1);
        return value.Length > 0 && (value[0] != ' ' || value.Length > 1 && value[1] == ' ') ? SseLineKind.DataWithoutOneSpace : null;
    }

    private static void ProcessLine(string line, StringBuilder data, ref bool hasData, ref string eventType, ref string? lastId, ref int? reconnectionTime)
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
            case "retry":
                // "If the field value consists of only ASCII digits, then interpret the field value as an integer in base
                // ten, and set the event stream's reconnection time to that integer. Otherwise, ignore the field."
                if (value.Length > 0 && value.All(char.IsAsciiDigit))
                    reconnectionTime = long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms <= int.MaxValue ? (int)ms : int.MaxValue;
                break;
            default:
                break; // unknown fields do not make events
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
