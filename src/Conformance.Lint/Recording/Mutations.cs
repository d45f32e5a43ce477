using Conformance.Core.Dialects;
using System.Globalization;
using System.Text;
using Conformance.Core.Scenarios;
using Conformance.Core.Wire;
using Conformance.Lint.Dialects;
using Conformance.Lint.Sse;

namespace Conformance.Lint.Recording;

/// <summary>A mutation applied, or why it does not apply to this recording (a value, not an exception).</summary>
public sealed record MutationResult(Recording? Recording, string? NotApplicable);

/// <summary>
/// Adversarial variants of a recording, written through the same scenario language: the real stream with one
/// thing made hostile. Each names the client rule it tests (the variant's <c>rules</c>), so <c>run</c> scores it.
/// </summary>
public static class Mutations
{
    /// <summary>The pause between the pieces a mutation splits a write into: long enough for the client's reads to separate.</summary>
    public const int SplitDelayMs = 20;

    public const int DripDelayMs = 2;

    public static readonly IReadOnlyList<string> Names = ["crlf", "cr", "split-utf8", "drip", "drop-terminator", "inject-error", "reset-after:N"];

    /// <summary>Checks a mutation's spelling; null when valid.</summary>
    public static string? Validate(string name) =>
        name.StartsWith("reset-after:", StringComparison.Ordinal)
            ? int.TryParse(name["reset-after:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 0 ? null : $"reset-after:N needs a byte count N ≥ 0, got '{name}'"
            : Names.Contains(name) ? null : $"unknown mutation '{name}'; expected one of {string.Join(", ", Names)}";

    /// <summary>The id suffix: <c>crlf</c>, <c>reset-after-120</c>.</summary>
    public static string Suffix(string name) => name.Replace(':', '-');

    public static MutationResult Apply(Recording r, string name)
    {
        if (r.Headers.Any(h => h.Key.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase) && !h.Value.Equals("identity", StringComparison.OrdinalIgnoreCase)))
            return new(null, "the recorded body is compressed (Content-Encoding); mutations need the plain stream");
        var dialect = LintDialects.For(r.Api);
        var id = $"{r.Id}.{Suffix(name)}";
        MutationResult Done(IReadOnlyList<RecordedWrite> writes, string rule, string what, IReadOnlyList<string>? rules = null, EndKind? end = null, int? after = null, int ms = 0) =>
            new(r with
            {
                Id = id,
                Writes = writes,
                Rules = rules ?? [.. r.Rules, rule],
                End = end ?? r.End,
                EndAfterBytes = after ?? r.EndAfterBytes,
                EndMs = end is null ? r.EndMs : ms,
                Title = $"{r.Title} — {what}",
                Description = $"{r.Description} Mutated ({name}): {what}.",
                Origin = [.. r.Origin, $"Mutated by `conformance record --mutate {name}` from {r.Id}: {what}."],
            }, null);

        switch (name)
        {
            case "crlf":
                return Done(Endings(r.Writes, "\r\n"u8.ToArray()), "sse.framing.crlf", "every line ending rewritten as CRLF");
            case "cr":
                return Done(Endings(r.Writes, "\r"u8.ToArray()), "sse.framing.cr", "every line ending rewritten as a bare CR");
            case "split-utf8":
            {
                var (writes, cuts) = SplitUtf8(r.Writes);
                return cuts == 0 ? new(null, "the recording has no multi-byte UTF-8 character to split")
                    : Done(writes, "sse.utf8.split", $"{cuts} multi-byte UTF-8 character(s) cut after their lead byte, the halves {SplitDelayMs} ms apart");
            }
            case "drip":
                return Done([.. r.Writes.SelectMany(w => w.Bytes.Select((b, i) => new RecordedWrite([b], i == 0 ? w.DelayMs : DripDelayMs)))],
                    "sse.buffer.partial-json", $"every byte its own write, {DripDelayMs} ms apart");
            case "drop-terminator":
            {
                var body = r.Body();
                if (dialect.Terminator(SseScan.Of(body)) is not { } t) return new(null, "the recording has no terminator to drop");
                return Done(Remove(r.Writes, t.Start, t.End), "", $"the terminator (bytes {t.Start}–{t.End - 1}) removed", dialect.DropTerminatorRules);
            }
            case "inject-error":
            {
                var body = r.Body();
                var scan = SseScan.Of(body);
                var eol = scan.Lines.FirstOrDefault(l => l.Ending != "")?.Ending switch { "crlf" => "\r\n", "cr" => "\r", _ => "\n" };
                var at = dialect.Terminator(scan)?.Start ?? body.Length;
                return Done(Insert(r.Writes, at, Encoding.UTF8.GetBytes(dialect.ErrorEvent(eol))), "", $"an error event inserted at byte {at}",
                    dialect.InjectErrorRules);
            }
            default:
            {
                var n = int.Parse(name["reset-after:".Length..], CultureInfo.InvariantCulture);
                var length = r.Writes.Sum(w => w.Bytes.Length);
                if (n >= length) return new(null, $"reset-after:{n} is not inside the {length}-byte body");
                // ~100 ms of silence before the RST: a reset destroys bytes the client has not read yet (docs/scenario-language.md).
                return Done(r.Writes, "net.reset.not-success", $"the connection reset after {n} of {length} body bytes", ["net.reset.not-success"], EndKind.Reset, n, 100);
            }
        }
    }

    /// <summary>Every line ending (LF, CRLF or CR, also split across writes) rewritten as <paramref name="eol"/>; write boundaries kept.</summary>
    internal static IReadOnlyList<RecordedWrite> Endings(IReadOnlyList<RecordedWrite> writes, byte[] eol)
    {
        var result = new List<RecordedWrite>();
        var afterCr = false;
        foreach (var w in writes)
        {
            var output = new List<byte>();
            foreach (var b in w.Bytes)
            {
                if (b == '\n' && afterCr) { afterCr = false; continue; } // the LF of a CRLF already rewritten
                afterCr = b == '\r';
                if (b is (byte)'\r' or (byte)'\n') output.AddRange(eol);
                else output.Add(b);
            }
            if (output.Count > 0) result.Add(w with { Bytes = [.. output] });
        }
        return result;
    }

    internal static (IReadOnlyList<RecordedWrite>, int Cuts) SplitUtf8(IReadOnlyList<RecordedWrite> writes)
    {
        var result = new List<RecordedWrite>();
        var cuts = 0;
        foreach (var w in writes)
        {
            var start = 0;
            var delay = w.DelayMs;
            for (var i = 0; i < w.Bytes.Length; i++)
            {
                // A lead byte of a 2-, 3- or 4-byte sequence with its continuation in the same write: cut after it.
                if (w.Bytes[i] >= 0xC2 && w.Bytes[i] <= 0xF4 && i + 1 < w.Bytes.Length && (w.Bytes[i + 1] & 0xC0) == 0x80)
                {
                    result.Add(new RecordedWrite(w.Bytes[start..(i + 1)], delay));
                    delay = SplitDelayMs;
                    start = i + 1;
                    cuts++;
                }
            }
            if (start < w.Bytes.Length) result.Add(new RecordedWrite(w.Bytes[start..], delay));
        }
        return (result, cuts);
    }

    internal static IReadOnlyList<RecordedWrite> Remove(IReadOnlyList<RecordedWrite> writes, int from, int to)
    {
        var result = new List<RecordedWrite>();
        var offset = 0;
        foreach (var w in writes)
        {
            var s = offset;
            var e = offset + w.Bytes.Length;
            offset = e;
            var keep = w.Bytes.Where((_, i) => s + i < from || s + i >= to).ToArray();
            if (keep.Length > 0) result.Add(w with { Bytes = keep });
        }
        return result;
    }

    internal static IReadOnlyList<RecordedWrite> Insert(IReadOnlyList<RecordedWrite> writes, int at, byte[] bytes)
    {
        var result = new List<RecordedWrite>();
        var offset = 0;
        var done = false;
        foreach (var w in writes)
        {
            if (!done && at == offset) { result.Add(new RecordedWrite(bytes, 0)); done = true; }
            if (!done && at > offset && at < offset + w.Bytes.Length)
            {
                result.Add(w with { Bytes = w.Bytes[..(at - offset)] });
                result.Add(new RecordedWrite(bytes, 0));
                result.Add(new RecordedWrite(w.Bytes[(at - offset)..], 0));
                done = true;
            }
            else result.Add(w);
            offset += w.Bytes.Length;
        }
        if (!done) result.Add(new RecordedWrite(bytes, 0));
        return result;
    }
}
