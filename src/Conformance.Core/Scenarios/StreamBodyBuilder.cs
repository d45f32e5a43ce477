using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using Conformance.Core.Dialects;
using Conformance.Core.Scenarios.Steps;
using Conformance.Core.Text;

namespace Conformance.Core.Scenarios;

/// <summary>
/// Turns steps into the SSE body bytes (the dialect writes its own steps, <see cref="IDialect.NewStream"/>) and remembers where each step starts
/// (the natural write boundaries) and which starts carry their own delay.
/// </summary>
internal sealed class StreamBodyBuilder
{
    /// <summary>Deterministic <c>created</c> (2025-01-01T00:00:00Z): identical bytes on every run.</summary>
    internal const long Created = StreamContext.Created;

    private static readonly byte[] Lf = "\n"u8.ToArray();
    private static readonly byte[] CrLf = "\r\n"u8.ToArray();
    private static readonly byte[] Cr = "\r"u8.ToArray();

    private readonly ArrayBufferWriter<byte> _body = new(4096);
    private readonly StreamSpec _spec;
    private readonly IDialectStream _dialect;
    private int _lines;
    private int _bomLength;

    public StreamBodyBuilder(Scenario scenario, StreamSpec spec)
    {
        _spec = spec;
        _dialect = scenario.Api.NewStream(new StreamContext(spec.Model ?? scenario.Id, StableHash(scenario.Id), Line, DataJson));
    }

    /// <summary>Body offset of each step start → its own delay (null: the transport's).</summary>
    public Dictionary<int, int?> StepStarts { get; } = [];

    public byte[] Build()
    {
        if (_spec.Transport.Bom) { _body.Write("\uFEFF"u8); _bomLength = 3; }
        foreach (var step in _spec.Events) Step(step);
        return _body.WrittenSpan.ToArray();
    }

    private void MarkStart(int? delay)
    {
        // The BOM rides in the first write: the first step "starts" at offset 0.
        var offset = _body.WrittenCount == _bomLength ? 0 : _body.WrittenCount;
        StepStarts[offset] = StepStarts.TryGetValue(offset, out var existing) ? existing ?? delay : delay;
    }

    private void Step(StreamStep step)
    {
        MarkStart(step.DelayMs);
        switch (step)
        {
            case RepeatStep repeat:
                for (var i = 0; i < repeat.Count; i++) Step(repeat.Step);
                break;
            case GenerateStep generate:
                var text = TextGenerator.Generate(generate.Seed, generate.Locale, generate.Words, generate.Emoji, generate.Cjk);
                var first = true;
                foreach (var piece in TextGenerator.Split(text, generate.Pieces))
                {
                    if (!first) MarkStart(null);
                    first = false;
                    _dialect.WriteText(piece, generate.Index);
                }
                break;
            case CommentStep comment:
                foreach (var line in comment.Text.Split('\n')) Line(line.Length == 0 ? ":" : ": " + line);
                Line("");
                break;
            case SseStep sse: Sse(sse); break;
            case RawStep raw: Utf8(raw.Text); break;
            case BytesStep bytes: _body.Write(bytes.Bytes); break;
            default:
                // Every other step is a dialect's own (chunk, anthropic, responses…): the scenario's dialect writes it.
                if (!_dialect.Write(step)) throw new InvalidOperationException($"unhandled step {step.GetType().Name}");
                break;
        }
    }

    private void Sse(SseStep sse)
    {
        if (sse.Event is not null) Line("event: " + sse.Event);
        if (sse.Id is not null) Line("id: " + sse.Id);
        if (sse.Retry is not null) Line("retry: " + sse.Retry.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (sse.Data is not null)
            foreach (var line in sse.Data.Split('\n')) Line("data: " + line);
        Line("");
    }

    private void DataJson(JsonNode payload)
    {
        Line("data: " + WireJson.Serialize(payload));
        Line("");
    }

    private void Line(string text)
    {
        Utf8(text);
        var ending = _spec.Transport.LineEnding switch
        {
            LineEnding.CrLf => CrLf,
            LineEnding.Cr => Cr,
            // lf, cr, crlf: never a CR followed by an LF, which WHATWG reads as one CRLF and so would swallow a line.
            LineEnding.Mixed => (_lines % 3) switch { 0 => Lf, 1 => Cr, _ => CrLf },
            _ => Lf,
        };
        _lines++;
        _body.Write(ending);
    }

    private void Utf8(string text)
    {
        var span = _body.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        _body.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    /// <summary>FNV-1a of the scenario id: stable across runs and machines, unlike string.GetHashCode.</summary>
    internal static string StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text)) { hash ^= b; hash *= 1099511628211UL; }
        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
