using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Conformance.Core.Wire;

namespace Conformance.Server.Streaming;

/// <summary>
/// A <see cref="ResponsePlan"/> compiled for the wire, once per plan (plans are cached per scenario attempt,
/// so this is once per scenario attempt, not per request): every write already chunk-framed in one buffer,
/// each write's payload as an array of its own that the journal references instead of copying, and each
/// write's deadline as an offset from the response start (the scripted pauses added up).
/// </summary>
public sealed class WirePlan
{
    private static readonly ConditionalWeakTable<ResponsePlan, WirePlan> Compiled = new();

    private WirePlan(ResponsePlan plan, long frequency)
    {
        Plan = plan;
        var n = plan.Writes.Count;
        Payloads = new byte[n][];
        Offsets = new int[n];
        FramedStart = new int[n];
        FramedLength = new int[n];
        DueTicks = new long[n];
        var framed = new List<byte>(plan.Writes.Sum(w => w.Bytes.Length + 12));
        long dueMs = 0;
        var offset = 0;
        for (var i = 0; i < n; i++)
        {
            var w = plan.Writes[i];
            dueMs += w.DelayMs;
            DueTicks[i] = dueMs * frequency / 1000;
            Payloads[i] = Exact(w.Bytes);
            Offsets[i] = offset;
            FramedStart[i] = framed.Count;
            if (!w.Bytes.IsEmpty) // an empty chunk would be the terminator: an empty write only pauses
            {
                if (plan.Framing == BodyFraming.Chunked) framed.AddRange(Encoding.ASCII.GetBytes(w.Bytes.Length.ToString("x") + "\r\n"));
                framed.AddRange(w.Bytes.Span);
                if (plan.Framing == BodyFraming.Chunked) framed.AddRange("\r\n"u8);
            }
            FramedLength[i] = framed.Count - FramedStart[i];
            offset += w.Bytes.Length;
        }
        Framed = [.. framed];
        BodyLength = offset;
        EndingDueTicks = (dueMs + (plan.Ending.Kind is EndKind.HoldOpen or EndKind.Fin or EndKind.Reset ? plan.Ending.Ms : 0)) * frequency / 1000;
    }

    /// <summary>The compiled form of <paramref name="plan"/>, made on first use and kept as long as the plan lives.</summary>
    public static WirePlan For(ResponsePlan plan, TimeProvider time) =>
        time.TimestampFrequency == System.Diagnostics.Stopwatch.Frequency
            ? Compiled.GetValue(plan, p => new WirePlan(p, time.TimestampFrequency))
            : new WirePlan(plan, time.TimestampFrequency);

    public ResponsePlan Plan { get; }

    public int Count => Payloads.Length;

    /// <summary>Every write's bytes as sent (chunk size line + payload + CRLF when chunked), back to back.</summary>
    public byte[] Framed { get; }

    public int[] FramedStart { get; }

    public int[] FramedLength { get; }

    /// <summary>Each write's payload (before framing), never mutated: the journal shares these arrays.</summary>
    public byte[][] Payloads { get; }

    /// <summary>Each write's offset in the body.</summary>
    public int[] Offsets { get; }

    /// <summary>When write i is due, in timestamp ticks after the response start (the sum of the pauses up to it).</summary>
    public long[] DueTicks { get; }

    /// <summary>When the ending's own pause (hold-open, fin, reset) is over, in ticks after the response start.</summary>
    public long EndingDueTicks { get; }

    public int BodyLength { get; }

    public ReadOnlyMemory<byte> FramedWrite(int i) => Framed.AsMemory(FramedStart[i], FramedLength[i]);

    private static byte[] Exact(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var seg) && seg.Offset == 0 && seg.Count == seg.Array!.Length ? seg.Array : bytes.ToArray();
}
