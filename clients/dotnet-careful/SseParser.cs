using System.Text;

namespace DotnetCareful;

/// <summary>One dispatched server-sent event.</summary>
public sealed record SseEvent(string Event, string Data, string? Id);

/// <summary>
/// Server-sent-events parser over raw bytes, following the WHATWG HTML "event stream interpretation" algorithm:
/// CR, LF and CRLF all end a line (a CR at the end of one read and a LF at the start of the next are one line
/// ending), one leading BOM is skipped, comments and unknown fields are ignored, one optional space after the
/// colon is stripped, multi-line data is joined with LF, an event is dispatched on a blank line and only when its
/// data buffer is non-empty. UTF-8 is decoded with a stateful <see cref="Decoder"/> so characters split across
/// reads survive (seed 000: "Use a streaming TextDecoder").
/// </summary>
public sealed class SseParser
{
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private readonly bool _flushTrailing;
    private readonly StringBuilder _line = new();
    private readonly StringBuilder _data = new();
    private char[] _chars = new char[4096];
    private bool _hasData;
    private bool _skipLeadingLf;
    private bool _atStart = true;
    private string _eventType = "";

    /// <param name="flushTrailing">Dispatch an unterminated final event at end of stream (seed 001:
    /// "A trailing event without a terminator is flushed at end-of-stream"); false discards it (WHATWG).</param>
    public SseParser(bool flushTrailing = true) => _flushTrailing = flushTrailing;

    /// <summary>The last <c>id</c> field seen.</summary>
    public string? LastEventId { get; private set; }

    /// <summary>The last valid <c>retry</c> field seen, in milliseconds.</summary>
    public int? Retry { get; private set; }

    /// <summary>Feeds one network read; returns the events it completed.</summary>
    public List<SseEvent> Push(ReadOnlySpan<byte> bytes)
    {
        var max = _decoder.GetCharCount(bytes, flush: false);
        if (_chars.Length < max) _chars = new char[Math.Max(max, _chars.Length * 2)];
        var n = _decoder.GetChars(bytes, _chars, flush: false);
        var events = new List<SseEvent>();
        PushText(_chars.AsSpan(0, n), events);
        return events;
    }

    /// <summary>End of stream: flushes the decoder and, unless discarding, the trailing event.</summary>
    public List<SseEvent> End()
    {
        var events = new List<SseEvent>();
        var tail = new char[8];
        var n = _decoder.GetChars(ReadOnlySpan<byte>.Empty, tail, flush: true);
        PushText(tail.AsSpan(0, n), events);
        if (!_flushTrailing)
        {
            // WHATWG: "Once the end of the file is reached, any pending data must be discarded."
            _line.Clear();
            _data.Clear();
            _hasData = false;
            return events;
        }

        if (_line.Length > 0)
        {
            var line = _line.ToString();
            _line.Clear();
            Line(line, events);
        }

        Dispatch(events);
        return events;
    }

    private void PushText(ReadOnlySpan<char> text, List<SseEvent> events)
    {
        if (text.IsEmpty) return;
        if (_atStart)
        {
            _atStart = false;
            if (text[0] == '\uFEFF') text = text[1..];
            if (text.IsEmpty) return;
        }

        var i = 0;
        if (_skipLeadingLf)
        {
            _skipLeadingLf = false;
            if (text[0] == '\n') i = 1;
        }

        var start = i;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\r' && c != '\n') continue;
            _line.Append(text[start..i]);
            var line = _line.ToString();
            _line.Clear();
            if (c == '\r')
            {
                if (i + 1 < text.Length)
                {
                    if (text[i + 1] == '\n') i++;
                }
                else
                {
                    _skipLeadingLf = true; // the LF of this CRLF may be the first byte of the next read
                }
            }

            start = i + 1;
            Line(line, events);
        }

        _line.Append(text[start..]);
    }

    private void Line(string line, List<SseEvent> events)
    {
        if (line.Length == 0)
        {
            Dispatch(events);
            return;
        }

        if (line[0] == ':') return; // comment
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        string field, value;
        if (colon < 0)
        {
            field = line;
            value = "";
        }
        else
        {
            field = line[..colon];
            value = line[(colon + 1)..];
            if (value.Length > 0 && value[0] == ' ') value = value[1..];
        }

        switch (field)
        {
            case "data":
                if (_hasData) _data.Append('\n');
                _data.Append(value);
                _hasData = true;
                break;
            case "event":
                _eventType = value;
                break;
            case "id":
                if (!value.Contains('\0', StringComparison.Ordinal)) LastEventId = value;
                break;
            case "retry":
                if (value.Length > 0 && value.All(char.IsAsciiDigit) && int.TryParse(value, out var ms)) Retry = ms;
                break;
            default:
                break; // unknown fields are ignored
        }
    }

    private void Dispatch(List<SseEvent> events)
    {
        if (_hasData)
        {
            events.Add(new SseEvent(_eventType.Length > 0 ? _eventType : "message", _data.ToString(), LastEventId));
        }

        _data.Clear();
        _hasData = false;
        _eventType = "";
    }
}
