using System.IO.Compression;
using System.Text.Json;
using Conformance.Lint.Sse;
using Conformance.Lint.Wire;

namespace Conformance.Lint.Checks;

/// <summary>
/// One captured response, read once for every check: the body as the SSE parser sees it (decompressed when the
/// server compressed it, so the other rules are still judged), its lines and events, and when each event arrived.
/// </summary>
public sealed class StreamFacts
{
    public StreamFacts(StreamCapture capture, JsonElement? request)
    {
        Capture = capture;
        Request = request;
        Encoding = capture.Header("Content-Encoding") is { } e && !e.Equals("identity", StringComparison.OrdinalIgnoreCase) ? e : null;
        (Body, DecodeError) = Decode(capture.Body, Encoding);
        Scan = SseScan.Of(Body);
    }

    public StreamCapture Capture { get; }

    /// <summary>The request body that was sent, parsed (null when it was not JSON).</summary>
    public JsonElement? Request { get; }

    /// <summary>The Content-Encoding the server applied (null for none or identity).</summary>
    public string? Encoding { get; }

    /// <summary>The body the SSE parser reads: <see cref="StreamCapture.Body"/>, decompressed when <see cref="Encoding"/> says so.</summary>
    public byte[] Body { get; }

    public string? DecodeError { get; }

    public SseScan Scan { get; }

    /// <summary>Offsets name bytes of the decompressed body when the server compressed it: say so next to them.</summary>
    public string OffsetNote => Encoding is null ? "" : $" (offsets in the body after undoing Content-Encoding: {Encoding})";

    /// <summary>When the read that completed <paramref name="e"/> (its last byte) returned, in ms from the send; null if compressed or never.</summary>
    public double? ArrivalOf(SseEvent e) => Encoding is null && e.End > 0 ? Capture.ArrivalOf(e.End - 1) : null;

    public bool IsStream => Capture.Status == 200;

    private static (byte[], string?) Decode(byte[] body, string? encoding)
    {
        if (encoding is null) return (body, null);
        try
        {
            using var input = new MemoryStream(body);
            using Stream z = encoding.ToLowerInvariant() switch
            {
                "gzip" or "x-gzip" => new GZipStream(input, CompressionMode.Decompress),
                "br" => new BrotliStream(input, CompressionMode.Decompress),
                "deflate" => new ZLibStream(input, CompressionMode.Decompress),
                _ => throw new InvalidDataException($"unknown Content-Encoding '{encoding}'"),
            };
            using var output = new MemoryStream();
            z.CopyTo(output);
            return (output.ToArray(), null);
        }
        catch (InvalidDataException ex)
        {
            return (body, ex.Message);
        }
    }
}
