using System.Text.Json;
using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>Every chunk the client yielded is an event the stream carried: nothing from comments, heartbeats, pings, [DONE] or data after the terminator.</summary>
public sealed class NoPhantomCheck : IRuleCheck
{
    public string Kind => CheckKinds.NoPhantom;

    public CheckResult Evaluate(ScoringInput input)
    {
        var expected = input.Expectation.Chunks;
        var next = 0;
        var i = 0;
        foreach (var chunk in input.Chunks)
        {
            i++;
            if (chunk.Data.ValueKind == JsonValueKind.String)
            {
                var token = chunk.Data.GetString() ?? "";
                if (token.Contains("[DONE]") || token.StartsWith(':') || token.Contains("keep-alive"))
                    return CheckResult.Missed($"token #{i} \"{ScoringInput.Short(token)}\" is not content", "content tokens only", token, Transcript.Ending(input.Journal));
                continue;
            }
            var match = -1;
            for (var j = next; j < expected.Count; j++)
                if (ContentCheck.JsonEquals(expected[j].Json, chunk.Data)) { match = j; break; }
            if (match < 0)
            {
                return CheckResult.Missed(
                    $"chunk #{i} is not an event the stream carried as data (a comment, heartbeat, ping, [DONE] or data after the terminator turned into a chunk, or a garbled event)",
                    $"one of the {expected.Count} events of the stream, in order", ScoringInput.Short(chunk.Data.GetRawText(), 200), Transcript.Ending(input.Journal));
            }
            next = match + 1;
        }
        return CheckResult.Met($"all {i} chunks are events of the stream, in order");
    }
}
