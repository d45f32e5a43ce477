using System.Text.Json;
using Conformance.Core.Capabilities;
using Conformance.Core.Observations;

namespace Conformance.Core.Scoring;

/// <summary>
/// Where a client that died mid-stream stood: it raised an error the case does not accept after yielding exactly the
/// first <see cref="Reached"/> expected events. <see cref="From"/> is the body offset where the last of them is complete
/// (every event before it was exercised), <see cref="To"/> where the next expected one is (int.MaxValue when none is
/// left): what the client died on lies in (From, To]. <see cref="RaisedAtMs"/> is on the server's clock (ms since the
/// request): when the runner received the error line, which is after the client raised it, so a claim that the client
/// failed before some byte was sent errs only towards not being made.
/// </summary>
public sealed record CrashPoint(ErrorObservation Error, int Reached, int From, int To, double RaisedAtMs)
{
    /// <summary>
    /// The client died at the events complete in (From, To]: it had failed before the server sent the first byte after
    /// <paramref name="last"/> (the end of the last of them), or no byte followed. Null when that cannot be shown.
    /// </summary>
    public static CrashPoint? Find(ScoringInput input, int reached, int reachedAtMost)
    {
        var exp = input.Expectation;
        if (input.Final is not ErrorObservation { Kind: "parse" or "other" } error || exp.Outcome.Accepts("error", error.Kind, error.Status)) return null;
        if (input.Lifetime is not { } life || Transcript.Final(input.Journal) is not { Request: { } request }) return null;
        var from = reached == 0 ? 0 : exp.Chunks[reached - 1].CompleteAtOffset;
        var to = reachedAtMost < exp.Chunks.Count ? exp.Chunks[reachedAtMost].CompleteAtOffset : int.MaxValue;
        return new CrashPoint(error, reached, from, to, (life.StartedAt.AddMilliseconds(error.AtMs) - request.At).TotalMilliseconds);
    }

    /// <summary>
    /// How many expected events the client got through, exactly, as a range: at the object level the chunks that match
    /// the stream's from the start; at the text level the events whose text the client's text is (events without text,
    /// like the role chunk, leave the range open). Null at the other levels, where no crash is located.
    /// </summary>
    public static (int Min, int Max)? ReachedRange(ScoringInput input)
    {
        switch (input.Level)
        {
            case ObservationLevel.Objects:
                var steps = ChunkAlignment.Align(input.Expectation, [.. input.Chunks.Select(c => c.Data)], input.Scenario.Api);
                var n = steps.TakeWhile(s => s.Kind == AlignmentKind.Match).Count();
                return (n, n);
            case ObservationLevel.Text:
                var text = string.Concat(input.Chunks.Select(c => c.Data.ValueKind == JsonValueKind.String ? c.Data.GetString() : ""));
                var assembly = new Assembly(input.Scenario.Api);
                int? min = text.Length == 0 ? 0 : null, max = min;
                for (var k = 0; k < input.Expectation.Chunks.Count; k++)
                {
                    assembly.Add(JsonDocument.Parse(input.Expectation.Chunks[k].Json).RootElement);
                    if (assembly.Text == text) { min ??= k + 1; max = k + 1; }
                    else if (assembly.Text.Length >= text.Length) break;
                }
                return min is { } a && max is { } b ? (a, b) : null;
            default:
                return null;
        }
    }

    /// <summary>Whether the client had raised before the server sent the byte at <paramref name="offset"/> (true when no such byte was sent).</summary>
    public bool RaisedBefore(ScoringInput input, int offset)
    {
        if (Transcript.Final(input.Journal)?.Response is not { } response) return false;
        return Transcript.WriteHolding(response, offset + 1) is not { } next || next.Write.AtMs > RaisedAtMs;
    }

    /// <summary>
    /// The same input cut where the client died: the events complete by <see cref="From"/>, the text they assemble.
    /// A rule whose evidence lies wholly before the crash is judged on it, as on a stream that ended there.
    /// </summary>
    public ScoringInput Before(ScoringInput input)
    {
        var exp = input.Expectation;
        var chunks = exp.Chunks.Take(Reached).ToList();
        var assembly = new Assembly(input.Scenario.Api);
        foreach (var c in chunks) assembly.Add(JsonDocument.Parse(c.Json).RootElement);
        return input with
        {
            Expectation = exp with
            {
                Chunks = chunks,
                Events = [.. exp.Events.Where(e => e.CompleteAtOffset <= From)],
                Dropped = [.. exp.Dropped.Where(d => d.CompleteAtOffset <= From)],
                Forms = [.. exp.Forms.Where(f => f.CompleteAtOffset <= From)],
                Text = assembly.Text,
                ToolCalls = assembly.ToolCalls,
                Reasoning = assembly.Reasoning,
                FinishReason = assembly.FinishReason,
                Usage = assembly.Usage,
            },
        };
    }
}
