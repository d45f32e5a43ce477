using Conformance.Core.Observations;
using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>
/// The terminator ends the stream: a client stops reading at <c>data: [DONE]</c> / <c>message_stop</c> and
/// closes (or hands back) the connection, instead of reading on until the server closes (000: "treat the
/// [DONE] line as end-of-stream"; 001: "your for await loop ends after the chunk preceding [DONE]"). Judged
/// on the server's clock, from the write that completed the terminator to the client closing its side,
/// while the scenario holds the body open for seconds after it.
/// </summary>
public sealed class StopsAtTerminatorCheck : IRuleCheck
{
    /// <summary>How long after the terminator's write a client may take to let go. The scenarios hold the body open far longer.</summary>
    public const int LimitMs = 1000;

    public string Kind => CheckKinds.StopsAtTerminator;

    public CheckResult Evaluate(ScoringInput input, Rule rule)
    {
        var exp = input.Expectation;
        if (exp.Outcome.Kind != "done") return CheckResult.NotApplicable("the stream has no terminator for this client to stop at");
        var offset = exp.Dropped.FirstOrDefault(d => d.Kind == PhantomKinds.Terminator)?.CompleteAtOffset
                     ?? (exp.Chunks.Count > 0 ? exp.Chunks[^1].CompleteAtOffset : 0);
        var exchange = Transcript.Final(input.Journal);
        if (exchange?.Response is not { } response) return CheckResult.Missed("no response in the journal", "a response", "none");
        if (Transcript.WriteHolding(response, offset) is not { } holding)
            return CheckResult.Missed("the server never sent the terminator", "terminator sent", "not sent", Transcript.Ending(input.Journal));
        if (input.Final is ErrorObservation e)
            return CheckResult.NotApplicable($"the client ended with {ScoringInput.Describe(e)} before the terminator; llm.done.sentinel judges that");
        var sentAt = holding.Write.AtMs;
        var where = Transcript.Locate(input.Journal, offset);
        if (response.ClientClosedAtMs is not { } closedAt || closedAt > response.EndedAtMs)
        {
            return CheckResult.Missed(
                $"the terminator was sent at {sentAt:0} ms; the client did not let go of the connection while the server held the body open (until {response.EndedAtMs:0} ms): it read on past the terminator",
                $"connection closed within {LimitMs} ms of the terminator", "still reading when the server closed", where);
        }
        var lag = closedAt - sentAt;
        return lag <= LimitMs
            ? CheckResult.Met($"closed the connection {lag:0} ms after the terminator", where)
            : CheckResult.Missed($"closed the connection {lag:0} ms after the terminator (limit {LimitMs} ms): it read on past the terminator",
                $"≤ {LimitMs} ms", $"{lag:0} ms", where);
    }
}
