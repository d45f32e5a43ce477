using System.Text.Json;
using Conformance.Core.Dialects;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Sse;
using Conformance.Core.Text;

namespace Conformance.Core.Scoring;

/// <summary>
/// The LLM layer on top of SSE events: which events are chunks, where the stream terminates
/// ([DONE], message_stop, an embedded error: the dialect's <see cref="IDialect.Classify"/>) and what a profile leaves undefined.
/// </summary>
public sealed record StreamInterpretation
{
    public required IReadOnlyList<ExpectedChunk> Chunks { get; init; }
    /// <summary>done (terminator seen), api-error (embedded error raised), or null (no terminator).</summary>
    public string? Termination { get; init; }
    /// <summary>The error event's own <c>error.type</c> (e.g. <c>overloaded_error</c>) when <see cref="Termination"/> is api-error.</summary>
    public string? ErrorType { get; init; }
    /// <summary>Why the profile leaves this stream's content/outcome undefined, if it does.</summary>
    public string? Undefined { get; init; }
    /// <summary>Events a correct client drops (see <see cref="Expectation.Dropped"/>).</summary>
    public IReadOnlyList<DroppedEvent> Dropped { get; init; } = [];

    public static StreamInterpretation Interpret(IReadOnlyList<SseEvent> events, IDialect api, Profile profile)
    {
        var result = InterpretUntilEnd(events, api, profile, out var consumed);
        if (result.Termination is null) return result;
        // What follows the terminator is never content; a client that yields it is charged to llm.done.nothing-after.
        var after = events.Skip(consumed).Select(e => new DroppedEvent(PhantomKinds.AfterTerminator, e.Data, e.CompleteAtOffset) { StartOffset = e.StartOffset });
        return result with { Dropped = [.. result.Dropped, .. after] };
    }

    private static StreamInterpretation InterpretUntilEnd(IReadOnlyList<SseEvent> events, IDialect api, Profile profile, out int consumed)
    {
        var chunks = new List<ExpectedChunk>();
        var dropped = new List<DroppedEvent>();
        consumed = 0;
        foreach (var e in events)
        {
            consumed++;
            var role = api.Classify(e);
            if (role == EventRole.Terminator)
            {
                dropped.Add(new DroppedEvent(PhantomKinds.Terminator, e.Data, e.CompleteAtOffset) { StartOffset = e.StartOffset });
                return new StreamInterpretation { Chunks = chunks, Termination = "done", Dropped = dropped }; // 003: check [DONE] before parsing
            }

            if (role == EventRole.KeepAlive)
            {
                dropped.Add(new DroppedEvent(PhantomKinds.Ping, e.Data, e.CompleteAtOffset) { StartOffset = e.StartOffset }); // keep-alive, not content (004)
                continue;
            }

            if (role == EventRole.Error)
            {
                return profile.RaisesEmbeddedErrors switch
                {
                    true => new StreamInterpretation { Chunks = chunks, Termination = "api-error", Dropped = dropped, ErrorType = api.ErrorTypeOf(e.Data) },
                    _ => new StreamInterpretation
                    {
                        Chunks = chunks,
                        Termination = "api-error",
                        Dropped = dropped,
                        ErrorType = api.ErrorTypeOf(e.Data),
                        Undefined = $"the stream embeds an error event at {Transcript.Bytes(e.StartOffset, e.CompleteAtOffset)}; profile '{profile.Name}' says its dialect never sends one",
                    },
                };
            }

            // Deeper than a default parser allows (System.Text.Json's MaxDepth 64): a client may yield it or drop it
            // as unparseable, and the harness never builds its tree (10,000 nested arrays would cost it its stack).
            if (JsonDepth.IsTooDeep(e.Data))
            {
                dropped.Add(new DroppedEvent(PhantomKinds.TooDeep, Placeholder.For(e.Data), e.CompleteAtOffset) { StartOffset = e.StartOffset });
                continue;
            }

            JsonElement parsed;
            try
            {
                using var doc = JsonDocument.Parse(e.Data);
                parsed = doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                if (profile.DropsNonJsonData == true)
                {
                    dropped.Add(new DroppedEvent(PhantomKinds.NonJson, e.Data, e.CompleteAtOffset) { StartOffset = e.StartOffset }); // 001: "Non-JSON data: lines … are dropped silently"
                    continue;
                }
                return new StreamInterpretation
                {
                    Chunks = chunks,
                    Dropped = dropped,
                    Undefined = $"non-JSON data \"{Short(e.Data)}\" at {Transcript.Bytes(e.StartOffset, e.CompleteAtOffset)}: profile '{profile.Name}' does not say whether to drop it or fail",
                };
            }
            chunks.Add(new ExpectedChunk(parsed.GetRawText(), e.CompleteAtOffset) { StartOffset = e.StartOffset });
            if (role == EventRole.Final)
                return new StreamInterpretation { Chunks = chunks, Termination = "done", Dropped = dropped };
        }
        return new StreamInterpretation { Chunks = chunks, Dropped = dropped };
    }

    private static string Short(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
