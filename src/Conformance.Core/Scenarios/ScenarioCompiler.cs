using System.IO.Compression;
using System.Text;
using Conformance.Core.Wire;

namespace Conformance.Core.Scenarios;

/// <summary>Compiles one response of a scenario into the exact bytes, writes and ending the server executes.</summary>
public static class ScenarioCompiler
{
    /// <summary>Compiles the response for <paramref name="attempt"/> (1-based; attempts past the list repeat the last response).</summary>
    public static ResponsePlan Compile(Scenario s, int attempt) => Compile(s, attempt, out _);

    /// <summary>As <see cref="Compile(Scenario, int)"/>; <paramref name="bodyLength"/> is the whole body before <c>afterBytes</c> and gzip (what split offsets count).</summary>
    internal static ResponsePlan Compile(Scenario s, int attempt, out int bodyLength)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (s.Responses.Count == 0) throw new ArgumentException($"scenario '{s.Id}' has no responses", nameof(s));
        var response = s.Responses[Math.Min(attempt, s.Responses.Count) - 1];

        List<PlannedWrite> writes;
        var ending = ResponseEnding.Clean;
        if (response.Stream is { } stream)
        {
            var builder = new StreamBodyBuilder(s, stream);
            var body = builder.Build();
            bodyLength = body.Length;
            var end = stream.Transport.End;
            var length = end.AfterBytes is { } after ? Math.Min(after, body.Length) : body.Length;
            writes = Split(body, length, stream.Transport, builder.StepStarts);
            ending = new ResponseEnding(end.Kind, end.Ms);
        }
        else
        {
            var bytes = response.Body switch
            {
                null => [],
                { IsJson: true } b => Encoding.UTF8.GetBytes(WireJson.Serialize(b.Json)),
                var b => Encoding.UTF8.GetBytes(b.Text!),
            };
            bodyLength = bytes.Length;
            writes = bytes.Length == 0 ? [] : [new PlannedWrite(bytes)];
        }
        if (response.Gzip) writes = Gzip(writes, complete: ending.Kind is EndKind.Clean or EndKind.HoldOpen);

        return new ResponsePlan
        {
            Status = response.Status,
            Reason = response.Reason ?? ReasonPhrases.For(response.Status),
            Headers = Headers(response),
            DatedHeaders = response.DatedHeaders,
            Framing = response.Framing,
            Writes = writes,
            Ending = ending,
        };
    }

    private static List<KeyValuePair<string, string>> Headers(ResponseSpec response)
    {
        var headers = new List<KeyValuePair<string, string?>>();
        if (response.Stream is not null)
        {
            headers.Add(new("Content-Type", "text/event-stream; charset=utf-8"));
            headers.Add(new("Cache-Control", "no-cache"));
        }
        else if (response.Body is { IsJson: true }) headers.Add(new("Content-Type", "application/json"));
        else if (response.Body is not null) headers.Add(new("Content-Type", "text/plain; charset=utf-8"));
        if (response.Gzip) headers.Add(new("Content-Encoding", "gzip"));
        // Overrides last: a null value removes a default, so "gzip without the header" is expressible too.
        // A dated header replaces a default of the same name; the writer adds it when it sends the head.
        foreach (var dated in response.DatedHeaders)
            headers.RemoveAll(h => string.Equals(h.Key, dated.Name, StringComparison.OrdinalIgnoreCase));
        foreach (var (name, value) in response.Headers)
        {
            var at = headers.FindIndex(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));
            if (value is null) { if (at >= 0) headers.RemoveAt(at); }
            else if (at >= 0) headers[at] = new(name, value);
            else headers.Add(new(name, value));
        }
        return headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value!)).ToList();
    }

    /// <summary>Cuts the first <paramref name="length"/> body bytes into writes as the transport asks.</summary>
    internal static List<PlannedWrite> Split(byte[] body, int length, TransportSpec transport, IReadOnlyDictionary<int, int?> stepStarts)
    {
        var split = transport.Split;
        var cuts = new List<int>();
        switch (split.Mode)
        {
            case SplitMode.PerEvent:
                cuts.AddRange(stepStarts.Keys);
                break;
            case SplitMode.Single:
                break;
            case SplitMode.Every:
                for (var i = split.Bytes; i < length; i += split.Bytes) cuts.Add(i);
                break;
            case SplitMode.Offsets:
                cuts.AddRange(split.At);
                break;
            case SplitMode.InsideMultiByte:
                cuts.AddRange(stepStarts.Keys);
                // Cut after the lead byte of every multi-byte character: its halves land in separate writes.
                for (var i = 0; i < length; i++)
                    if (body[i] >= 0xC0) cuts.Add(i + 1);
                break;
            case SplitMode.Random:
                var random = new Random(split.Seed);
                for (var i = random.Next(1, split.MaxBytes + 1); i < length; i += random.Next(1, split.MaxBytes + 1)) cuts.Add(i);
                break;
            case SplitMode.BetweenCrLf:
                cuts.AddRange(stepStarts.Keys);
                for (var i = 1; i < length; i++)
                    if (body[i - 1] == '\r' && body[i] == '\n') cuts.Add(i);
                break;
        }
        // A step with its own delay always starts a new write, whatever the mode.
        foreach (var (offset, delay) in stepStarts)
            if (delay is not null) cuts.Add(offset);
        cuts.Add(length);
        cuts.RemoveAll(c => c <= 0 || c > length);
        cuts.Sort();

        var writes = new List<PlannedWrite>(cuts.Count);
        var from = 0;
        foreach (var cut in cuts)
        {
            if (cut == from) continue;
            var delay = stepStarts.TryGetValue(from, out var own) && own is not null
                ? own.Value
                : writes.Count == 0 ? transport.FirstDelayMs : transport.DelayMs;
            writes.Add(new PlannedWrite(body.AsMemory(from, cut - from), delay));
            from = cut;
        }
        return writes;
    }

    /// <summary>Real gzip with a sync flush per write, so each write still decodes on its own arrival.</summary>
    private static List<PlannedWrite> Gzip(List<PlannedWrite> writes, bool complete)
    {
        var output = new MemoryStream();
        var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
        var result = new List<PlannedWrite>(writes.Count + 1);
        var consumed = 0;
        byte[] Take()
        {
            var all = output.GetBuffer();
            var taken = all.AsSpan(consumed, (int)output.Length - consumed).ToArray();
            consumed = (int)output.Length;
            return taken;
        }
        foreach (var write in writes)
        {
            gzip.Write(write.Bytes.Span);
            gzip.Flush();
            result.Add(write with { Bytes = Take() });
        }
        if (complete)
        {
            // The gzip trailer (CRC + size) goes with the last write; a cut stream never gets one.
            gzip.Dispose();
            var trailer = Take();
            if (result.Count == 0) result.Add(new PlannedWrite(trailer));
            else result[^1] = result[^1] with { Bytes = result[^1].Bytes.ToArray().Concat(trailer).ToArray() };
        }
        return result;
    }
}
