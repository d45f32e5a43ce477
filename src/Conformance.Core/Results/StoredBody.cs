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

/// <summary>A run of kept body bytes starting at <see cref="Offset"/>.</summary>
internal sealed record BodySegment(int Offset, byte[] Bytes);
