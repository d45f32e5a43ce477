namespace Conformance.Core.Scenarios;

/// <summary>
/// The checks that need the compiled body. Every attempt of a parsed scenario is compiled here, so a file
/// that validates never throws when it is served, and split offsets and <c>afterBytes</c> must fall inside
/// the bytes the response really sends (the compiler would silently drop an offset past the end).
/// </summary>
internal static class CompileChecks
{
    public static void Run(Scenario scenario, ParseContext context)
    {
        for (var i = 0; i < scenario.Responses.Count; i++)
        {
            var path = JsonPaths.Index("$.responses", i);
            int length;
            try
            {
                ScenarioCompiler.Compile(scenario, i + 1, out length);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A bug in the compiler, not in the file; still a located error rather than a crash of validate.
                context.Error(path, $"does not compile: {ex.GetType().Name}: {ex.Message}");
                continue;
            }
            if (scenario.Responses[i].Stream is { } stream)
                Bounds(stream.Transport, length, JsonPaths.Property(JsonPaths.Property(path, "stream"), "transport"), context);
        }
    }

    private static void Bounds(TransportSpec transport, int length, string path, ParseContext context)
    {
        var after = transport.End.AfterBytes;
        if (after > length)
            context.Error(JsonPaths.Property(JsonPaths.Property(path, "end"), "afterBytes"),
                $"{after} is past the end of the body: it has {Bytes(length)}, so afterBytes is at most {length}");
        if (transport.Split.Mode != SplitMode.Offsets) return;

        var sent = Math.Min(after ?? length, length);
        var at = JsonPaths.Property(JsonPaths.Property(path, "split"), "at");
        for (var j = 0; j < transport.Split.At.Count; j++)
        {
            var offset = transport.Split.At[j];
            if (offset < sent) continue;
            var what = sent < length
                ? $"is past the bytes sent: 'end.afterBytes' sends {sent} of the body's {Bytes(length)}"
                : $"is not inside the body: it has {Bytes(length)}";
            var range = sent > 1 ? $", so offsets lie in 1..{sent - 1}" : ", which cannot be cut";
            context.Error(JsonPaths.Index(at, j), $"offset {offset} {what}{range}");
        }
    }

    private static string Bytes(int n) => n == 1 ? "1 byte" : $"{n} bytes";
}
