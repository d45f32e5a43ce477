namespace Conformance.Core.Results;

/// <summary>
/// One response body as results.json keeps it (<c>bodies</c>): the byte runs kept of it, by body offset. A write's bytes are
/// the run that starts at its offset, up to its length; a write whose run is shorter (or missing) had the rest cut by
/// <see cref="ReportBounds"/>.
/// </summary>
internal sealed record StoredBody
{
    public required IReadOnlyList<BodySegment> Segments { get; init; }

    public byte[] Slice(int offset, int length)
    {
        foreach (var s in Segments)
        {
            if (offset < s.Offset || offset >= s.Offset + s.Bytes.Length) continue;
            return s.Bytes.AsSpan(offset - s.Offset, Math.Min(length, s.Offset + s.Bytes.Length - offset)).ToArray();
        }
        return [];
    }

    /// <summary>The kept bytes of a response's writes, adjacent runs joined.</summary>
    public static StoredBody Of(IReadOnlyList<Journal.JournalWrite> writes)
    {
        var segments = new List<BodySegment>();
        var current = new List<byte>();
        var start = -1;
        foreach (var w in writes.Where(w => w.Bytes.Length > 0).OrderBy(w => w.Offset))
        {
            if (start >= 0 && w.Offset == start + current.Count) { current.AddRange(w.Bytes); continue; }
            if (start >= 0) segments.Add(new BodySegment(start, [.. current]));
            start = w.Offset;
            current = [.. w.Bytes];
        }
        if (start >= 0) segments.Add(new BodySegment(start, [.. current]));
        return new StoredBody { Segments = segments };
    }

    /// <summary>Whether every write reads back from this body exactly as kept (so the response can name it instead of its own).</summary>
    public bool Reproduces(IReadOnlyList<Journal.JournalWrite> writes) =>
        writes.All(w => Slice(w.Offset, w.Length).AsSpan().SequenceEqual(w.Bytes));

    [System.Text.Json.Serialization.JsonIgnore]
    public long KeptBytes => Segments.Sum(s => (long)s.Bytes.Length);
}

/// <summary>
/// A run of kept body bytes starting at <see cref="Offset"/>. results.json writes it as <c>text</c> when the bytes are whole
/// UTF-8 (an SSE body nearly always is: readable with jq, and a quarter smaller than base64), else as base64 <c>bytes</c>.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(BodySegmentConverter))]
internal sealed record BodySegment(int Offset, byte[] Bytes);

internal sealed class BodySegmentConverter : System.Text.Json.Serialization.JsonConverter<BodySegment>
{
    private static readonly System.Text.UTF8Encoding Strict = new(false, true);

    public override BodySegment Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
    {
        if (reader.TokenType != System.Text.Json.JsonTokenType.StartObject) throw new System.Text.Json.JsonException("a body segment is an object");
        int? offset = null;
        byte[]? bytes = null;
        while (reader.Read() && reader.TokenType != System.Text.Json.JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "offset": offset = reader.GetInt32(); break;
                case "text": bytes = Strict.GetBytes(reader.GetString() ?? ""); break;
                case "bytes": bytes = reader.GetBytesFromBase64(); break;
                default: throw new System.Text.Json.JsonException($"unknown member '{name}' in a body segment");
            }
        }
        return new BodySegment(offset ?? throw new System.Text.Json.JsonException("a body segment needs an offset"),
            bytes ?? throw new System.Text.Json.JsonException("a body segment needs text or bytes"));
    }

    public override void Write(System.Text.Json.Utf8JsonWriter writer, BodySegment value, System.Text.Json.JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("offset", value.Offset);
        string? text;
        try { text = Strict.GetString(value.Bytes); }
        catch (System.Text.DecoderFallbackException) { text = null; }
        if (text is not null) writer.WriteString("text", text);
        else writer.WriteBase64String("bytes", value.Bytes);
        writer.WriteEndObject();
    }
}
