using Conformance.Core.Journal;

namespace Conformance.Core.Scoring;

/// <summary>Pointers into the wire transcript, for verdict evidence.</summary>
public static class Transcript
{
    /// <summary>The last exchange that got a response (the one the stream came from).</summary>
    public static JournalExchange? Final(CaseJournal journal) => journal.Exchanges.LastOrDefault(e => e.Response is not null);

    /// <summary>"write #3 (body bytes 118–131, sent at 52.1 ms)" for the write holding <paramref name="offset"/>−1.</summary>
    public static string Locate(CaseJournal journal, int offset)
    {
        var exchange = Final(journal);
        if (exchange?.Response is not { } r) return "no response in the journal";
        var write = WriteHolding(r, offset);
        return write is null
            ? $"body byte {offset - 1}: beyond the {r.Writes.Sum(w => w.Length)} bytes the server sent (attempt {exchange.Attempt})"
            : $"attempt {exchange.Attempt}, write #{write.Value.Index + 1} of {r.Writes.Count} (body bytes {write.Value.Write.Offset}–{write.Value.Write.Offset + write.Value.Write.Length - 1}, sent at {write.Value.Write.AtMs:0.#} ms)";
    }

    /// <summary>
    /// Where an event lies in the body, as every reason says it: "body bytes 120–187" for the bytes [<paramref name="start"/>,
    /// <paramref name="end"/>), i.e. its first and its last byte, both included (offsets into the body payload, before chunk
    /// framing; docs/results-format.md "Byte ranges").
    /// </summary>
    public static string Bytes(int start, int end) => end - 1 <= start ? $"body byte {start}" : $"body bytes {start}–{end - 1}";

    /// <summary>The write that carries the byte just before <paramref name="offset"/> (an event is complete once that byte is sent).</summary>
    public static (int Index, JournalWrite Write)? WriteHolding(JournalResponse response, int offset)
    {
        var target = Math.Max(0, offset - 1);
        for (var i = 0; i < response.Writes.Count; i++)
        {
            var w = response.Writes[i];
            if (target >= w.Offset && target < w.Offset + w.Length) return (i, w);
        }
        return null;
    }

    public static string Ending(CaseJournal journal)
    {
        var exchange = Final(journal);
        if (exchange?.Response is not { } r) return "no response in the journal";
        var closed = r.ClientClosedAtMs is { } c ? $", client closed at {c:0.#} ms" : ", client did not close while the server watched";
        return $"attempt {exchange.Attempt}: {r.Writes.Count} writes, {r.Writes.Sum(w => w.Length)} body bytes, ended {r.Ended} at {r.EndedAtMs:0.#} ms{closed}";
    }
}
