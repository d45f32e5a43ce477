using System.Text;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Scenarios.Steps;

namespace Conformance.Core.Exploring;

/// <summary>
/// The write plans one scenario admits under a profile: the events of its streamed response, cut anywhere,
/// coalesced, some left out, and each generated line ending LF, CRLF or (where the profile says a lone CR
/// ends a line) CR. Built from the compiler's own bytes, so the base plan (every event, the scenario's own
/// endings) is byte for byte the scenario's body; turns a plan into a servable scenario and maps cuts to
/// body offsets and back.
/// </summary>
public sealed class PlanSpace
{
    private static readonly byte[] BomBytes = [0xEF, 0xBB, 0xBF];

    /// <summary>Generated writes are at least this far apart, so the client's reads really separate on loopback.</summary>
    public const int MinDelayMs = 10;

    /// <summary>
    /// And at most this far: a plan has many more writes than a scenario's own, and a shorter pause only means
    /// less silence (an idle timeout fires on silence, so no expectation depends on a longer one).
    /// </summary>
    public const int MaxDelayMs = 20;

    /// <summary>The writes of one plan take at most about this long.</summary>
    public const int MaxPlanMs = 1000;

    private PlanSpace(Scenario scenario, Profile profile, int responseIndex, IReadOnlyList<PlanSegment> segments, int slotCount,
        IReadOnlyList<int> stepLengths)
    {
        Scenario = scenario;
        Profile = profile;
        ResponseIndex = responseIndex;
        Stream = scenario.Responses[responseIndex].Stream!;
        Segments = segments;
        SlotCount = slotCount;
        StepCount = Stream.Events.Count;
        StepLengths = stepLengths;
        var own = Stream.Transport.LineEnding;
        BaseEndings = [.. Enumerable.Range(0, slotCount).Select(i => EndingOf(own, i))];
        var cutShort = Stream.Transport.End.AfterBytes is not null;
        // A body cut short at a byte offset only keeps its meaning over the scenario's own bytes.
        AllowedEndings = cutShort ? [] : Profile.BareCrEndsLine == true ? [LineEnding.Lf, LineEnding.CrLf, LineEnding.Cr] : [LineEnding.Lf, LineEnding.CrLf];
        CanChangeLineEndings = !cutShort && slotCount > 0;
        CanRemoveEvents = !cutShort && segments.Count > 1;
        DelayMs = Math.Clamp(Stream.Transport.DelayMs, MinDelayMs, MaxDelayMs);
        MaxCuts = Math.Clamp(MaxPlanMs / DelayMs, 4, 48);
        Base = new WritePlan { Segments = [.. Enumerable.Range(0, segments.Count)], Endings = BaseEndings, Cuts = [] };
    }

    public Scenario Scenario { get; }
    public Profile Profile { get; }

    /// <summary>The response explored: the first 2xx one with a stream.</summary>
    public int ResponseIndex { get; }

    public StreamSpec Stream { get; }
    public IReadOnlyList<PlanSegment> Segments { get; }

    /// <summary>Generated line endings in the whole stream.</summary>
    public int SlotCount { get; }

    /// <summary>The scenario's own line endings, one per generated line.</summary>
    public IReadOnlyList<LineEnding> BaseEndings { get; }

    /// <summary>Endings a plan may give a line: LF and CRLF, and CR only where the profile says a lone CR ends a line.</summary>
    public IReadOnlyList<LineEnding> AllowedEndings { get; }

    public bool CanChangeLineEndings { get; }
    public bool CanRemoveEvents { get; }

    /// <summary>The pause before each generated write: the scenario's own, kept between <see cref="MinDelayMs"/> and <see cref="MaxDelayMs"/>.</summary>
    public int DelayMs { get; }

    /// <summary>Most cuts a generated plan has, so its writes take at most about <see cref="MaxPlanMs"/>.</summary>
    public int MaxCuts { get; }

    /// <summary>Every event, the scenario's own endings, no cuts (one write, plus the events' own delayed starts).</summary>
    public WritePlan Base { get; }

    internal int StepCount { get; }

    /// <summary>Skeleton length of each top-level step; empty when the steps could not be told apart.</summary>
    internal IReadOnlyList<int> StepLengths { get; }

    private int BomLength => Stream.Transport.Bom ? BomBytes.Length : 0;

    /// <summary>The ending the compiler gives generated line <paramref name="line"/> under <paramref name="mode"/>.</summary>
    public static LineEnding EndingOf(LineEnding mode, int line) => mode switch
    {
        // As StreamBodyBuilder.Line cycles: LF, CR, CRLF.
        LineEnding.Mixed => (line % 3) switch { 0 => LineEnding.Lf, 1 => LineEnding.Cr, _ => LineEnding.CrLf },
        _ => mode,
    };

    /// <summary>The plan space of <paramref name="scenario"/>, or why it has none (no event stream, …).</summary>
    public static (PlanSpace? Space, string? WhyNot) TryCreate(Scenario scenario, Profile profile)
    {
        var index = -1;
        for (var i = 0; i < scenario.Responses.Count && index < 0; i++)
            if (scenario.Responses[i] is { Stream: not null, Status: >= 200 and < 300 }) index = i;
        if (index < 0) return (null, "no 2xx event stream to re-plan");
        var stream = scenario.Responses[index].Stream!;
        // A re-planned scenario is written back as text steps; bytes that are not UTF-8 cannot survive that.
        if (stream.Events.Any(e => e is Scenarios.Steps.BytesStep or Scenarios.Steps.RepeatStep { Step: Scenarios.Steps.BytesStep }))
            return (null, "the stream has a bytes step, which a re-planned scenario (text steps) cannot carry byte for byte");

        var lf = Build(scenario, stream, LineEnding.Lf, out var starts);
        var cr = Build(scenario, stream, LineEnding.Cr, out _);
        if (lf.Length == 0) return (null, "the stream has no bytes");
        if (lf.Length != cr.Length) throw new InvalidOperationException($"{scenario.Id}: LF and CR skeletons differ in length");
        var slots = new List<int>();
        for (var i = 0; i < lf.Length; i++)
            if (lf[i] != cr[i]) slots.Add(i);

        // Top-level steps, each built alone: under LF a step's bytes do not depend on what precedes it.
        var stepLengths = stream.Events.Select(e => Build(scenario, stream with { Events = [e] }, LineEnding.Lf, out _).Length).ToList();
        if (stepLengths.Sum() != lf.Length) stepLengths = [];
        var stepStarts = new List<int>();
        for (int i = 0, at = 0; i < stepLengths.Count; at += stepLengths[i], i++) stepStarts.Add(at);

        var offsets = starts.Keys.Where(k => k < lf.Length).Append(0).Distinct().Order().ToList();
        var segments = new List<PlanSegment>();
        var slotIndex = 0;
        for (var k = 0; k < offsets.Count; k++)
        {
            var from = offsets[k];
            var to = k + 1 < offsets.Count ? offsets[k + 1] : lf.Length;
            var local = slots.Where(s => s >= from && s < to).Select(s => s - from).ToList();
            var step = -1;
            for (var t = 0; t < stepStarts.Count; t++)
                if (stepStarts[t] <= from && stepLengths[t] > 0) step = t;
            segments.Add(new PlanSegment
            {
                Skeleton = lf[from..to], Slots = local, FirstSlot = slotIndex,
                DelayMs = starts.GetValueOrDefault(from), Step = step,
            });
            slotIndex += local.Count;
        }
        var space = new PlanSpace(scenario, profile, index, segments, slots.Count, stepLengths);

        // The base plan must be the scenario's own body, byte for byte, or nothing built on it can be trusted.
        var own = ScenarioCompiler.Compile(scenario with
        {
            Responses = [.. scenario.Responses.Select((r, i) => i == index ? r with { Gzip = false, Stream = stream with { Transport = stream.Transport with { End = new EndSpec() } } } : r)],
        }, index + 1).Body();
        if (!own.AsSpan().SequenceEqual(space.Body(space.Base)))
            throw new InvalidOperationException($"{scenario.Id}: the plan space's base body differs from the compiled body");
        return (space, null);
    }

    private static byte[] Build(Scenario scenario, StreamSpec stream, LineEnding ending, out Dictionary<int, int?> starts)
    {
        var spec = stream with { Transport = stream.Transport with { LineEnding = ending, Bom = false, Split = new SplitSpec(), End = new EndSpec() } };
        var builder = new StreamBodyBuilder(scenario, spec);
        var body = builder.Build();
        starts = builder.StepStarts;
        return body;
    }

    /// <summary>The bytes of segment <paramref name="segment"/> with the plan's line endings.</summary>
    public byte[] SegmentBytes(int segment, IReadOnlyList<LineEnding> endings)
    {
        var s = Segments[segment];
        var allLf = true;
        for (var j = 0; j < s.Slots.Count && allLf; j++) allLf = endings[s.FirstSlot + j] == LineEnding.Lf;
        if (allLf) return s.Skeleton;
        var output = new List<byte>(s.Skeleton.Length + s.Slots.Count);
        var from = 0;
        for (var j = 0; j < s.Slots.Count; j++)
        {
            var slot = s.Slots[j];
            output.AddRange(s.Skeleton.AsSpan(from, slot - from));
            switch (endings[s.FirstSlot + j])
            {
                case LineEnding.CrLf: output.Add((byte)'\r'); output.Add((byte)'\n'); break;
                case LineEnding.Cr: output.Add((byte)'\r'); break;
                default: output.Add((byte)'\n'); break;
            }
            from = slot + 1;
        }
        output.AddRange(s.Skeleton.AsSpan(from));
        return [.. output];
    }

    /// <summary>The whole body of <paramref name="plan"/> (BOM included, before any cut-short end).</summary>
    public byte[] Body(WritePlan plan) => LayoutOf(plan).Body(this, plan);

    /// <summary>Where a plan's kept segments start and how long they are; computed once per plan object.</summary>
    private sealed class Layout
    {
        private byte[]? _body;
        public required int[] Position { get; init; }
        public required int[] Starts { get; init; }
        public required int[] Lengths { get; init; }
        public required int Length { get; init; }

        public bool Kept(int segment) => segment >= 0 && segment < Position.Length && Position[segment] >= 0;
        public int StartOf(int segment) => Starts[Position[segment]];

        public byte[] Body(PlanSpace space, WritePlan plan)
        {
            if (_body is not null) return _body;
            var body = new byte[Length];
            var at = 0;
            if (space.Stream.Transport.Bom) { BomBytes.CopyTo(body, 0); at = BomBytes.Length; }
            foreach (var s in plan.Segments)
            {
                var bytes = space.SegmentBytes(s, plan.Endings);
                bytes.CopyTo(body, at);
                at += bytes.Length;
            }
            return _body = body;
        }
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<WritePlan, Layout> _layouts = [];

    private Layout LayoutOf(WritePlan plan) => _layouts.GetValue(plan, p =>
    {
        var position = new int[Segments.Count];
        Array.Fill(position, -1);
        var starts = new int[p.Segments.Count];
        var lengths = new int[p.Segments.Count];
        var at = BomLength;
        for (var i = 0; i < p.Segments.Count; i++)
        {
            position[p.Segments[i]] = i;
            starts[i] = at;
            lengths[i] = SegmentLength(p.Segments[i], p.Endings);
            at += lengths[i];
        }
        return new Layout { Position = position, Starts = starts, Lengths = lengths, Length = at };
    });

    private int SegmentLength(int segment, IReadOnlyList<LineEnding> endings)
    {
        var s = Segments[segment];
        var length = s.Skeleton.Length;
        for (var j = 0; j < s.Slots.Count; j++)
            if (endings[s.FirstSlot + j] == LineEnding.CrLf) length++;
        return length;
    }

    /// <summary>The body offset of <paramref name="cut"/> under <paramref name="plan"/>, or null when the cut does not exist there (its event removed, or its CRLF no longer a CRLF).</summary>
    public int? OffsetOf(WritePlan plan, Cut cut) => OffsetOf(plan, cut, LayoutOf(plan));

    private int? OffsetOf(WritePlan plan, Cut cut, Layout layout)
    {
        if (cut.Segment < 0) return cut.At is > 0 and < 3 && Stream.Transport.Bom ? cut.At : null;
        if (!layout.Kept(cut.Segment)) return null;
        var start = layout.StartOf(cut.Segment);
        var s = Segments[cut.Segment];
        var extra = 0;
        for (var j = 0; j < s.Slots.Count; j++)
        {
            var ending = plan.Endings[s.FirstSlot + j];
            if (s.Slots[j] == cut.At && cut.InsideCrLf) return ending == LineEnding.CrLf ? start + cut.At + extra + 1 : null;
            if (s.Slots[j] >= cut.At) break;
            if (ending == LineEnding.CrLf) extra++;
        }
        return cut.InsideCrLf ? null : start + cut.At + extra;
    }

    /// <summary>The cut at body offset <paramref name="offset"/> (0 &lt; offset &lt; body length) under <paramref name="plan"/>.</summary>
    public Cut CutAt(WritePlan plan, int offset)
    {
        if (offset < BomLength) return new Cut(-1, offset);
        var layout = LayoutOf(plan);
        if (offset >= layout.Length || plan.Segments.Count == 0) throw new ArgumentOutOfRangeException(nameof(offset), offset, "past the end of the plan's body");
        var position = Array.BinarySearch(layout.Starts, offset);
        if (position < 0) position = ~position - 1;
        var index = plan.Segments[position];
        var o = offset - layout.Starts[position];
        var s = Segments[index];
        var extra = 0;
        for (var j = 0; j < s.Slots.Count; j++)
        {
            var actual = s.Slots[j] + extra;
            if (actual >= o) break;
            if (plan.Endings[s.FirstSlot + j] != LineEnding.CrLf) continue;
            if (o == actual + 1) return new Cut(index, s.Slots[j], InsideCrLf: true);
            extra++;
        }
        return new Cut(index, o - extra);
    }

    /// <summary>
    /// Where <paramref name="plan"/> cuts its body: its cuts as offsets, distinct and sorted, without the
    /// offsets the compiler cuts anyway (events with their own delay) and those outside the body.
    /// </summary>
    public IReadOnlyList<int> OffsetsOf(WritePlan plan)
    {
        var layout = LayoutOf(plan);
        var limit = Stream.Transport.End.AfterBytes is { } after ? Math.Min(after, layout.Length) : layout.Length;
        var forced = plan.Segments.Where(s => Segments[s].DelayMs is not null).Select(s => layout.StartOf(s) == BomLength ? 0 : layout.StartOf(s)).ToHashSet();
        return [.. plan.Cuts.Select(c => OffsetOf(plan, c, layout)).OfType<int>().Where(o => o > 0 && o < limit && !forced.Contains(o)).Distinct().Order()];
    }

    /// <summary>The plan with its cuts that do not exist under it dropped, and cuts at one offset merged.</summary>
    public WritePlan Normalize(WritePlan plan)
    {
        var layout = LayoutOf(plan);
        var seen = new HashSet<int>();
        var kept = plan.Cuts.Distinct().Order().Where(c => OffsetOf(plan, c, layout) is { } o && seen.Add(o)).ToList();
        return kept.Count == plan.Cuts.Count ? plan : plan with { Cuts = kept };
    }

    /// <summary>
    /// Why the plan is not one of this space's, or null: an ending the profile does not define, a changed
    /// ending where the body is cut short, or a lone CR followed by an LF (which would read as one CRLF and
    /// swallow a line, changing the events rather than their layout).
    /// </summary>
    public string? Invalid(WritePlan plan)
    {
        foreach (var index in plan.Segments)
        {
            var s = Segments[index];
            for (var j = 0; j < s.Slots.Count; j++)
            {
                var ending = plan.Endings[s.FirstSlot + j];
                if (ending == BaseEndings[s.FirstSlot + j]) continue;
                if (!AllowedEndings.Contains(ending)) return $"line ending {ending} is not allowed here";
            }
        }
        return MergingCrs(plan).Count > 0 ? "a lone CR followed by an LF" : null;
    }

    /// <summary>
    /// The plan with every lone CR that an LF follows turned into an LF (so the two stay two line ends). Lone
    /// CRs are the only endings that can merge with what follows.
    /// </summary>
    public WritePlan Repair(WritePlan plan)
    {
        for (var round = 0; round < 8; round++)
        {
            var merging = MergingCrs(plan);
            if (merging.Count == 0) return plan;
            var endings = plan.Endings.ToArray();
            foreach (var slot in merging) endings[slot] = LineEnding.Lf;
            plan = plan with { Endings = endings };
        }
        return plan;
    }

    /// <summary>
    /// Line endings of the plan that are a lone CR followed by an LF, where the scenario itself (the same events,
    /// its own endings) does not have that CR followed by that LF: WHATWG reads the pair as one CRLF.
    /// </summary>
    private List<int> MergingCrs(WritePlan plan)
    {
        var merging = new List<int>();
        if (!plan.Endings.Contains(LineEnding.Cr)) return merging;
        var own = plan with { Endings = BaseEndings };
        var (body, ownBody) = (Body(plan), Body(own));
        var (layout, ownLayout) = (LayoutOf(plan), LayoutOf(own));
        foreach (var index in plan.Segments)
        {
            var s = Segments[index];
            int extra = 0, ownExtra = 0;
            for (var j = 0; j < s.Slots.Count; j++)
            {
                var slot = s.FirstSlot + j;
                var at = layout.StartOf(index) + s.Slots[j] + extra;
                var ownAt = ownLayout.StartOf(index) + s.Slots[j] + ownExtra;
                if (plan.Endings[slot] == LineEnding.CrLf) extra++;
                if (BaseEndings[slot] == LineEnding.CrLf) ownExtra++;
                if (plan.Endings[slot] != LineEnding.Cr || at + 1 >= body.Length || body[at + 1] != '\n') continue;
                var ownToo = BaseEndings[slot] == LineEnding.Cr && ownAt + 1 < ownBody.Length && ownBody[ownAt + 1] == '\n';
                if (!ownToo) merging.Add(slot);
            }
        }
        return merging;
    }

    /// <summary>
    /// The transport line ending that writes exactly the plan's endings on its kept lines, or null when the
    /// plan mixes them some other way (the scenario is then written with raw steps).
    /// </summary>
    public LineEnding? UniformEnding(WritePlan plan)
    {
        var kept = plan.Segments.SelectMany(s => Enumerable.Range(Segments[s].FirstSlot, Segments[s].Slots.Count)).Select(i => plan.Endings[i]).ToList();
        var own = Stream.Transport.LineEnding;
        foreach (var mode in new[] { own, LineEnding.Lf, LineEnding.CrLf, LineEnding.Cr, LineEnding.Mixed }.Distinct())
            if (kept.Select((e, i) => EndingOf(mode, i) == e).All(x => x)) return mode;
        return null;
    }

    /// <summary>The plan with every line ending as <paramref name="mode"/> writes it, counted over the kept lines.</summary>
    public WritePlan WithUniformEnding(WritePlan plan, LineEnding mode)
    {
        var endings = plan.Endings.ToArray();
        var line = 0;
        foreach (var s in plan.Segments)
            for (var j = 0; j < Segments[s].Slots.Count; j++)
                endings[Segments[s].FirstSlot + j] = EndingOf(mode, line++);
        return Normalize(plan with { Endings = endings });
    }

    /// <summary>The offsets of each kind of interesting cut in the plan's body (its endings and events; its cuts are ignored).</summary>
    /// <remarks><see cref="CutKind.Anywhere"/> is every offset from 1 to the body's length less one; it is not listed.</remarks>
    public IReadOnlyDictionary<CutKind, IReadOnlyList<int>> PointsOfInterest(WritePlan plan)
    {
        var body = Body(plan);
        // Each kind is found in increasing offset order, so lists stay sorted and distinct.
        var sets = Enum.GetValues<CutKind>().ToDictionary(k => k, _ => new List<int>());
        void Add(CutKind kind, int offset)
        {
            var list = sets[kind];
            if (offset > 0 && offset < body.Length && (list.Count == 0 || list[^1] < offset)) list.Add(offset);
        }

        var layout = LayoutOf(plan);
        foreach (var s in plan.Segments.Skip(1)) Add(CutKind.EventBoundary, layout.StartOf(s));
        for (var i = 1; i < body.Length; i++)
        {
            if (body[i - 1] == '\r' && body[i] == '\n') Add(CutKind.CrLf, i);
            if ((body[i] & 0xC0) == 0x80) Add(CutKind.MultiByte, i);
        }
        foreach (var (start, end) in Lines(body))
        {
            if (start > 0) Add(CutKind.LineStart, start);
            var line = body.AsSpan(start, end - start);
            var colon = line.IndexOf((byte)':');
            if (colon < 0) continue;
            for (var i = 1; i <= colon; i++) Add(CutKind.FieldName, start + i);
            Add(CutKind.FieldName, start + colon + 1);
            if (colon + 1 < line.Length && line[colon + 1] == ' ') Add(CutKind.FieldName, start + colon + 2);
            if (!line.StartsWith("data:"u8)) continue;
            var value = colon + 1 + (colon + 1 < line.Length && line[colon + 1] == ' ' ? 1 : 0);
            var payload = line[value..];
            if (payload.SequenceEqual("[DONE]"u8))
                for (var i = 1; i < payload.Length; i++) Add(CutKind.Json, start + value + i);
            else if (payload.Length > 0 && payload[0] is (byte)'{' or (byte)'[')
                for (var i = 1; i < payload.Length; i++)
                    if (payload[i - 1] is (byte)'{' or (byte)'}' or (byte)'[' or (byte)']' or (byte)':' or (byte)',' or (byte)'"') Add(CutKind.Json, start + value + i);
        }
        return sets.ToDictionary(p => p.Key, p => (IReadOnlyList<int>)p.Value);
    }

    /// <summary>Every line of <paramref name="body"/> as (start, end of its text), WHATWG line ends (CR, LF, CRLF).</summary>
    private static IEnumerable<(int Start, int End)> Lines(byte[] body)
    {
        var start = body.AsSpan().StartsWith(BomBytes) ? BomBytes.Length : 0;
        for (var i = start; i < body.Length; i++)
        {
            if (body[i] is not ((byte)'\r' or (byte)'\n')) continue;
            yield return (start, i);
            if (body[i] == '\r' && i + 1 < body.Length && body[i + 1] == '\n') i++;
            start = i + 1;
        }
        if (start < body.Length) yield return (start, body.Length);
    }

    /// <summary>What kind of place body offset <paramref name="offset"/> is, the most specific first ("between CR and LF").</summary>
    public CutKind KindAt(WritePlan plan, int offset)
    {
        var points = PointsOfInterest(plan);
        foreach (var kind in new[] { CutKind.CrLf, CutKind.MultiByte, CutKind.EventBoundary, CutKind.LineStart, CutKind.FieldName, CutKind.Json })
            if (points[kind] is List<int> list ? list.BinarySearch(offset) >= 0 : points[kind].Contains(offset)) return kind;
        return CutKind.Anywhere;
    }

    /// <summary>
    /// The scenario that serves <paramref name="plan"/>: the explored response's kept events as raw steps (their
    /// exact bytes, each with its own delay), cut at the plan's offsets; the other streamed responses as raw
    /// steps of their own bytes, so nothing depends on <paramref name="id"/> (the chunk ids the compiler derives
    /// from a scenario id would change with it).
    /// </summary>
    public Scenario ToScenario(WritePlan plan, string id)
    {
        var transport = Stream.Transport with
        {
            LineEnding = UniformEnding(plan) ?? Stream.Transport.LineEnding,
            Split = new SplitSpec { Mode = SplitMode.Offsets, At = OffsetsOf(plan) },
            DelayMs = DelayMs,
        };
        var events = plan.Segments.Select(s => (StreamStep)new RawStep { Text = Encoding.UTF8.GetString(SegmentBytes(s, plan.Endings)), DelayMs = Segments[s].DelayMs }).ToList();
        var target = Stream with { Events = events, Transport = transport };
        return Scenario with
        {
            Id = id,
            SourcePath = null,
            Responses = [.. Scenario.Responses.Select((r, i) => i == ResponseIndex ? r with { Stream = target } : r.Stream is { } other ? r with { Stream = RawCopy(Scenario, other) } : r)],
        };
    }

    /// <summary>A streamed response as raw steps of its own bytes (same transport), event by event.</summary>
    internal static StreamSpec RawCopy(Scenario scenario, StreamSpec stream)
    {
        var builder = new StreamBodyBuilder(scenario, stream with { Transport = stream.Transport with { Bom = false } });
        var body = builder.Build();
        var offsets = builder.StepStarts.Keys.Where(k => k < body.Length).Append(0).Distinct().Order().ToList();
        var events = offsets.Select((from, k) => (StreamStep)new RawStep
        {
            Text = Encoding.UTF8.GetString(body, from, (k + 1 < offsets.Count ? offsets[k + 1] : body.Length) - from),
            DelayMs = builder.StepStarts.GetValueOrDefault(from),
        }).ToList();
        return stream with { Events = events };
    }

    /// <summary>The top-level steps whose segments the plan keeps, when it keeps whole steps only; else null.</summary>
    internal IReadOnlyList<int>? KeptSteps(WritePlan plan)
    {
        if (StepLengths.Count == 0 || Segments.Any(s => s.Step < 0)) return null;
        var kept = plan.Segments.ToHashSet();
        var steps = new List<int>();
        for (var step = 0; step < StepCount; step++)
        {
            var own = Enumerable.Range(0, Segments.Count).Where(i => Segments[i].Step == step).ToList();
            if (own.Count == 0) { steps.Add(step); continue; } // writes nothing: keeping it changes nothing
            var keptHere = own.Count(kept.Contains);
            if (keptHere == own.Count) steps.Add(step);
            else if (keptHere > 0) return null;
        }
        return steps;
    }
}
