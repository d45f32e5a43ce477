using System.Text.Json;
using Conformance.Core.Sse;

namespace Conformance.Core.Scoring;

/// <summary>
/// The forms of line or chunk a rule is about (rules.json <c>"forms"</c>): where the stream carries them is
/// where that rule's evidence lies. They let crash attribution tell the rules a client had exercised before it
/// died (judged on what it yielded) from the one whose form it died on (charged) and those it never reached.
/// The expectation marks each occurrence at the body offset where its event is complete (<see cref="FormMark"/>).
/// </summary>
public static class WireForms
{
    /// <summary>A <c>data:</c> field not followed by exactly one space (<c>data:x</c>, <c>data:  x</c>).</summary>
    public const string DataSpace = "data-space";
    /// <summary>A non-empty line without a colon (a field name with an empty value).</summary>
    public const string NoColon = "no-colon";
    /// <summary>A line whose bytes are not valid UTF-8.</summary>
    public const string InvalidUtf8 = "invalid-utf8";
    /// <summary>An OpenAI chunk whose <c>choices</c> is empty or null, or one of whose chat choices has no <c>delta</c>.</summary>
    public const string ChoicesEmpty = "choices-empty";

    public static IReadOnlyList<string> All { get; } = [DataSpace, NoColon, InvalidUtf8, ChoicesEmpty];

    public static string Describe(string form) => form switch
    {
        DataSpace => "a data: field without exactly one space after the colon",
        NoColon => "a line without a colon",
        InvalidUtf8 => "bytes that are not valid UTF-8",
        ChoicesEmpty => "a chunk with empty or null choices (or a choice without delta)",
        _ => form,
    };

    /// <summary>Every form the body's lines and the expected chunks carry, in body order.</summary>
    internal static IReadOnlyList<FormMark> Mark(IReadOnlyList<SseLineMark> lines, IReadOnlyList<ExpectedChunk> chunks)
    {
        var marks = lines.Select(l => new FormMark(l.Kind switch
        {
            SseLineKind.DataWithoutOneSpace => DataSpace,
            SseLineKind.NoColon => NoColon,
            _ => InvalidUtf8,
        }, l.CompleteAtOffset) { StartOffset = l.StartOffset }).ToList();
        // Only chunks that carry a `choices` member can have this form (OpenAI chat and completions); no dialect check needed.
        foreach (var c in chunks)
            if (HasEmptyChoices(c.Json)) marks.Add(new FormMark(ChoicesEmpty, c.CompleteAtOffset) { StartOffset = c.StartOffset });
        return [.. marks.OrderBy(m => m.CompleteAtOffset)];
    }

    private static bool HasEmptyChoices(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("choices", out var choices)) return false;
            if (choices.ValueKind == JsonValueKind.Null) return true;
            if (choices.ValueKind != JsonValueKind.Array) return false;
            if (choices.GetArrayLength() == 0) return true;
            // A chat choice without its delta (a completions choice carries `text` instead, and is not this form).
            return choices.EnumerateArray().Any(c => c.ValueKind == JsonValueKind.Object && !c.TryGetProperty("delta", out _) && !c.TryGetProperty("text", out _));
        }
        catch (JsonException) { return false; }
    }
}

/// <summary>One occurrence of a <see cref="WireForms"/> form: the body offset just past the blank line of the event that carries it.</summary>
public sealed record FormMark(string Form, int CompleteAtOffset)
{
    /// <summary>The body offset of that event's first line: its bytes are [StartOffset, CompleteAtOffset).</summary>
    public int StartOffset { get; init; }
}
