using System.Text.Json;

namespace Conformance.Core.Observations;

/// <summary>
/// Parses one JSON Lines observation. A line that is not a JSON object with a known type is an
/// adapter fault, returned as a message (never thrown): the runner reports it as ADAPTER-ERROR.
/// </summary>
public static class ObservationParser
{
    public static readonly IReadOnlySet<string> ErrorKinds = new HashSet<string> { "http", "api", "network", "timeout", "abort", "parse", "other" };
    public static readonly IReadOnlySet<string> EndReasons = new HashSet<string> { "done", "eof", "cancelled" };

    public static (Observation? Observation, string? Fault) Parse(string line, double atMs)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(line);
            root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            if (TooDeepChunk(line, atMs) is { } deep) return (deep, null);
            return (null, $"stdout line is not JSON ({ex.Message}): {Truncate(line)}");
        }
        if (root.ValueKind != JsonValueKind.Object) return (null, $"stdout line is not a JSON object: {Truncate(line)}");
        var type = Str(root, "type");
        switch (type)
        {
            case "chunk":
                return root.TryGetProperty("data", out var data)
                    ? (new ChunkObservation(data) { AtMs = atMs }, null)
                    : (null, "chunk observation without \"data\"");
            case "error":
                var kind = Str(root, "kind") ?? "other";
                if (!ErrorKinds.Contains(kind)) return (null, $"error observation with unknown kind \"{kind}\" (expected one of {string.Join(", ", ErrorKinds)})");
                int? status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var st) ? st : null;
                return (new ErrorObservation(kind, status, Str(root, "message")) { AtMs = atMs, ErrorType = Str(root, "error_type") }, null);
            case "retry":
                return root.TryGetProperty("attempt", out var a) && a.ValueKind == JsonValueKind.Number && a.TryGetInt32(out var attempt)
                    ? (new RetryObservation(attempt) { AtMs = atMs }, null)
                    : (new RetryObservation(0) { AtMs = atMs }, null);
            case "message":
                return (new MessageObservation(
                    Str(root, "content"),
                    ToolCalls(root),
                    Str(root, "reasoning"),
                    Str(root, "finish_reason") ?? Str(root, "finishReason") ?? Str(root, "stop_reason"),
                    root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object ? u : null) { AtMs = atMs }, null);
            case "event":
                if (!root.TryGetProperty("data", out var ed) || ed.ValueKind != JsonValueKind.String)
                    return (null, "event observation without a string \"data\" (the data buffer as dispatched, \"\" when empty)");
                return (new EventObservation(Str(root, "event"), ed.GetString()!, Str(root, "id")) { AtMs = atMs }, null);
            case "comment":
                return (new CommentObservation(Str(root, "text")) { AtMs = atMs }, null);
            case "end":
                var reason = Str(root, "reason") ?? "";
                return EndReasons.Contains(reason)
                    ? (new EndObservation(reason) { AtMs = atMs }, null)
                    : (null, $"end observation with unknown reason \"{reason}\" (expected done, eof or cancelled)");
            default:
                return (null, $"unknown observation type \"{type}\": {Truncate(line)}");
        }
    }

    /// <summary>
    /// A chunk line whose data nests deeper than a default parser allows (a client that yielded 10,000 nested arrays):
    /// kept as a placeholder naming its depth and size, which the scorer matches to the too-deep event, so the harness
    /// never holds, compares or writes the tree (its writers stop at depth 1,000; its comparisons recurse).
    /// </summary>
    private static ChunkObservation? TooDeepChunk(string line, double atMs)
    {
        if (Conformance.Core.Text.JsonDepth.Of(line) is not { } depth || depth <= Conformance.Core.Text.JsonDepth.DefaultParserLimit) return null;
        using var doc = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = depth + 1 }); // a flat metadata table, no recursion
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || Str(root, "type") != "chunk" || !root.TryGetProperty("data", out var data)) return null;
        using var placeholder = JsonDocument.Parse(Conformance.Core.Text.Placeholder.For(data.GetRawText()));
        return new ChunkObservation(placeholder.RootElement.Clone()) { AtMs = atMs };
    }

    /// <summary>
    /// True when <paramref name="line"/> is the beginning of a JSON object that stops before the object's end: output
    /// cut off in the middle of a line, not a line that was garbage to begin with (which fails before its end).
    /// </summary>
    public static bool IsCutOffObject(string line)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(line);
        var start = bytes.AsSpan().IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0 || bytes[start] != (byte)'{') return false;
        // Not the final block: a reader that runs out of input inside the object asks for more instead of failing.
        var reader = new Utf8JsonReader(bytes.AsSpan(start), isFinalBlock: false, state: default);
        try
        {
            while (reader.Read())
                if (reader.CurrentDepth == 0 && reader.TokenType == JsonTokenType.EndObject) return false; // complete: something else is wrong
        }
        catch (JsonException) { return false; }
        return true;
    }

    private static IReadOnlyList<ToolCallObservation>? ToolCalls(JsonElement root)
    {
        if (!root.TryGetProperty("tool_calls", out var arr) || arr.ValueKind != JsonValueKind.Array) return null;
        return [.. arr.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.Object).Select((t, i) => new ToolCallObservation(
            t.TryGetProperty("index", out var ix) && ix.TryGetInt32(out var index) ? index : i,
            Str(t, "id"),
            Str(t, "name") ?? (t.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? Str(f, "name") : null),
            Str(t, "arguments") ?? (t.TryGetProperty("function", out var g) && g.ValueKind == JsonValueKind.Object ? Str(g, "arguments") : null)))];
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Truncate(string s) => s.Length <= 200 ? s : s[..200] + "…";
}
