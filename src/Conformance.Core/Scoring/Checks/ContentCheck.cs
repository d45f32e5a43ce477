using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Core.Observations;
using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>The chunks observed equal those expected, in order, and the assembled text is exact, code point for code point.</summary>
public sealed class ContentCheck : IRuleCheck
{
    public string Kind => CheckKinds.Content;

    public CheckResult Evaluate(ScoringInput input)
    {
        var exp = input.Expectation;
        if (input.Final is ErrorObservation err && exp.Outcome.Kind != "error" && exp.Outcome.Accepts("error", err.Kind, err.Status))
            return CheckResult.NotApplicable($"the client refused the body with an error ({err.Kind}), which this case accepts; there is no content to compare");

        var observed = input.Chunks.ToList();
        var observedText = Assemble(input, observed);
        var tokensOnly = observed.Count > 0 && observed.All(c => c.Data.ValueKind == JsonValueKind.String);
        if (!tokensOnly)
        {
            for (var i = 0; i < Math.Max(exp.Chunks.Count, observed.Count); i++)
            {
                if (i >= observed.Count)
                {
                    return CheckResult.Missed(
                        $"expected {exp.Chunks.Count} chunks, the client yielded {observed.Count}; chunk #{i + 1} is missing (the client ended with {ScoringInput.Describe(input.Final)})",
                        ScoringInput.Short(exp.Chunks[i].Json, 200), "(nothing)", Transcript.Locate(input.Journal, exp.Chunks[i].CompleteAtOffset));
                }
                if (i >= exp.Chunks.Count)
                {
                    return CheckResult.Missed(
                        $"expected {exp.Chunks.Count} chunks, the client yielded {observed.Count}: chunk #{i + 1} is extra",
                        "(no more chunks)", ScoringInput.Short(observed[i].Data.GetRawText(), 200), Transcript.Ending(input.Journal));
                }
                if (!JsonEquals(exp.Chunks[i].Json, observed[i].Data))
                {
                    return CheckResult.Missed(
                        $"chunk #{i + 1} differs from the event the server sent{Fffd(observed[i].Data.GetRawText())}",
                        ScoringInput.Short(exp.Chunks[i].Json, 300), ScoringInput.Short(observed[i].Data.GetRawText(), 300),
                        Transcript.Locate(input.Journal, exp.Chunks[i].CompleteAtOffset));
                }
            }
        }
        if (observedText != exp.Text)
        {
            var at = FirstDifference(exp.Text, observedText);
            return CheckResult.Missed(
                $"the assembled text differs at character {at}{Fffd(observedText)}",
                Quote(exp.Text, at), Quote(observedText, at), Transcript.Ending(input.Journal));
        }
        return CheckResult.Met(tokensOnly
            ? $"the text matches exactly ({exp.Text.Length} chars)"
            : $"all {exp.Chunks.Count} chunks match and the text is exact ({exp.Text.Length} chars)");
    }

    internal static string Assemble(ScoringInput input, IEnumerable<ChunkObservation> chunks)
    {
        var assembly = new Assembly(input.Scenario.Api);
        foreach (var c in chunks) assembly.Add(c.Data);
        return assembly.Text;
    }

    internal static bool JsonEquals(string expectedJson, JsonElement observed) =>
        JsonNode.DeepEquals(JsonNode.Parse(expectedJson), JsonNode.Parse(observed.GetRawText()));

    private static string Fffd(string s) =>
        s.Contains('\uFFFD') ? ": it contains U+FFFD, so a multi-byte character split across reads was decoded read by read" : "";

    private static int FirstDifference(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++) if (a[i] != b[i]) return i;
        return n;
    }

    /// <summary>A window of the text around the difference, with invisible characters shown.</summary>
    internal static string Quote(string s, int at)
    {
        var start = Math.Max(0, at - 30);
        var end = Math.Min(s.Length, at + 50);
        var window = s[start..end].Replace("\r", "\\r").Replace("\n", "\\n").Replace("\uFFFD", "\\uFFFD");
        return $"{(start > 0 ? "…" : "")}\"{window}\"{(end < s.Length ? "…" : "")} ({s.Length} chars)";
    }
}
