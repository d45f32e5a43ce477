using Conformance.Core.Capabilities;
using Conformance.Core.Observations;
using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>
/// After cancelling, the client stops and closes the connection promptly, while it is still alive (000:
/// "Aborting closes the connection"; 001: "releases the reader, closes the connection"). Measured on the
/// server: from the write that completed the Nth chunk to the moment the client's side closed. A process
/// exit closes every socket, so a close at the moment the client exited proves nothing: cancelling clients
/// linger CONFORMANCE_LINGER_MS after their final line, and a close that waits for the exit is a leak.
/// </summary>
public sealed class CancelCheck : IRuleCheck
{
    public const int LimitMs = 500;

    /// <summary>How long a cancelling client stays alive after its final line (CONFORMANCE_LINGER_MS).</summary>
    public const int LingerMs = 700;

    /// <summary>A close this close to the client's exit is taken as caused by the exit.</summary>
    public const int ExitMarginMs = 100;

    public string Kind => CheckKinds.Cancel;

    public CheckResult Evaluate(ScoringInput input, Rule rule)
    {
        if (input.Scenario.Client.CancelAfter is not { } n) return CheckResult.NotApplicable("the case does not cancel");
        var exp = input.Expectation;
        // What the client counts to N: events for a parser library, chunks otherwise.
        var offsets = input.Level == ObservationLevel.Events
            ? exp.Events.Select(e => e.CompleteAtOffset).ToList()
            : exp.Chunks.Select(c => c.CompleteAtOffset).ToList();
        if (offsets.Count < n) return CheckResult.NotApplicable($"the stream carries fewer than {n} chunks");
        var exchange = Transcript.Final(input.Journal);
        if (exchange?.Response is not { } response) return CheckResult.Missed("no response in the journal", "a response", "none");
        var holding = Transcript.WriteHolding(response, offsets[n - 1]);
        if (holding is null) return CheckResult.Missed($"the server never sent chunk #{n}", $"chunk #{n} sent", "not sent", Transcript.Ending(input.Journal));
        var sentAt = holding.Value.Write.AtMs;
        if (response.ClientClosedAtMs is not { } closedAt)
        {
            return CheckResult.Missed(
                $"chunk #{n} was sent at {sentAt:0} ms, and the client never closed the connection while the server wrote on ({response.Writes.Count} writes, ended {response.Ended} at {response.EndedAtMs:0} ms)",
                $"connection closed within {LimitMs} ms of chunk #{n}", "not closed", Transcript.Ending(input.Journal));
        }
        // From the moment the client had chunk #N: the server's write of it, or, when later, the moment the client yielded
        // it by its own clock (a browser page stamps each emit; on the journal's clock). The cancel cannot start before
        // the client has the chunk, and a busy browser hands it to the page hundreds of ms after the write (fetch-careful
        // in Chromium on a loaded 2-core machine: write → close 0-570 ms, the close prompt after the page had the chunk):
        // that is delivery, not the cancel this rule judges. Only a client's own stamps count: a time the runner took on
        // receipt is later than the client's act (the browser binding delivered emits up to 800 ms late under load),
        // so it would excuse a slow close. A client that yields on time and closes late still FAILs.
        var reportedAt = ReportedAtMs(input, n, exchange.Request.At);
        var from = reportedAt is { } r && r > sentAt ? r : sentAt;
        var since = reportedAt is { } r2 && r2 > sentAt
            ? $"chunk #{n} was sent at {sentAt:0} ms and yielded by the client at {r2:0} ms"
            : $"chunk #{n} was sent";
        var lag = closedAt - from;
        if (LivedAfterFinalLineMs(input, exchange.Request.At.AddMilliseconds(closedAt)) is { } lived)
        {
            if (lived < LingerMs / 2)
                return CheckResult.NotApplicable(
                    $"the connection closed {lag:0} ms after chunk #{n}, as the client exited {lived:0} ms after its final line: the exit may be what closed it (a cancelling adapter stays alive CONFORMANCE_LINGER_MS = {LingerMs} ms so the harness can tell)");
            return CheckResult.Missed(
                $"the connection closed only when the client exited, {lived:0} ms after it reported `cancelled`: cancelling left the connection open",
                $"closed within {LimitMs} ms of chunk #{n}, while the client is alive", $"closed at exit, {lag:0} ms after chunk #{n}", Transcript.Ending(input.Journal));
        }
        return lag <= LimitMs
            ? CheckResult.Met($"closed the connection {lag:0} ms after {since}, while the client was alive", Transcript.Ending(input.Journal))
            : CheckResult.Missed($"closed the connection {lag:0} ms after {since} (limit {LimitMs} ms)",
                $"≤ {LimitMs} ms", $"{lag:0} ms", Transcript.Ending(input.Journal));
    }

    /// <summary>When the client yielded its Nth counted observation by its own clock, in ms since the request on the journal's clock; null when unknown.</summary>
    internal static double? ReportedAtMs(ScoringInput input, int n, DateTimeOffset requestAt)
    {
        if (input.Lifetime is not { StampedByClient: true } life || n < 1) return null;
        var counted = input.Level == ObservationLevel.Events
            ? input.Observations.Where(o => o is EventObservation)
            : input.Observations.Where(o => o is ChunkObservation);
        var nth = counted.Skip(n - 1).FirstOrDefault();
        return nth is null ? null : (life.StartedAt.AddMilliseconds(nth.AtMs) - requestAt).TotalMilliseconds;
    }

    /// <summary>When the close came with the client's exit: how long the client lived after its final line; else null.</summary>
    private static double? LivedAfterFinalLineMs(ScoringInput input, DateTimeOffset closedAt)
    {
        if (input.Lifetime is not { ExitedAt: { } exitedAt } life) return null;
        if (closedAt < exitedAt.AddMilliseconds(-ExitMarginMs)) return null;
        return (exitedAt - life.StartedAt).TotalMilliseconds - (input.Final?.AtMs ?? 0);
    }
}
