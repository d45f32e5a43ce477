using Conformance.Core.Capabilities;
using Conformance.Core.Observations;
using Conformance.Core.Rules;

namespace Conformance.Core.Scoring.Checks;

/// <summary>The run ends the way the stream does: done, eof, cancelled, or an error of the right kind.</summary>
public sealed class OutcomeCheck : IRuleCheck
{
    public string Kind => CheckKinds.Outcome;

    public CheckResult Evaluate(ScoringInput input, Rule rule)
    {
        var exp = input.Expectation.Outcome;
        // A parser library knows no [DONE]: at the SSE level a terminated stream ends at the end of its body.
        if (input.Level == ObservationLevel.Events && exp.Kind == "done")
            exp = new ExpectedOutcome("eof", exp.ErrorKinds, null, "at the SSE level the stream ends with its body ([DONE] and message_stop are ordinary events)");
        var final = input.Final;
        var (kind, errorKind, status) = final switch
        {
            EndObservation e => (e.Reason, (string?)null, (int?)null),
            ErrorObservation e => ("error", e.Kind, e.Status),
            _ => ("none", null, null),
        };
        var observed = ScoringInput.Describe(final);
        if (exp.Accepts(kind, errorKind, status))
        {
            // The provider's name for the error is compared only when the client reports one: never a FAIL for not surfacing it.
            if (exp.ErrorType is { } wireType && final is ErrorObservation { ErrorType: { } reportedType } && reportedType != wireType)
                return CheckResult.Missed($"ended with {observed}, the right kind, but the client reports the error's type as \"{reportedType}\" where the wire says \"{wireType}\"",
                    wireType, reportedType, Transcript.Ending(input.Journal));
            var typed = exp.ErrorType is not null && final is ErrorObservation { ErrorType: not null } ? " (its type matches the wire's)" : "";
            return CheckResult.Met($"ended with {observed}{typed}, as expected ({exp.Why})", Transcript.Ending(input.Journal));
        }
        // A client that cannot see HTTP statuses (native EventSource) can only say that the request failed.
        if (!input.Capabilities.Has(ClientFeatures.Status) && exp.Kind == "error" && exp.ErrorKinds.Contains("http") && kind == "error")
            return CheckResult.Met($"ended with {observed}: an error, as expected ({exp.Why}); the client does not declare feature 'status', so the status and error kind are not compared", Transcript.Ending(input.Journal));

        var hint = (exp.Kind, kind) switch
        {
            ("error", "done" or "eof") when exp.MissedHint is { } own => ": " + own,
            ("error", "done" or "eof") when exp.ErrorKinds.Contains("network") => ": a broken connection was reported as a clean end",
            ("error", "done" or "eof") when exp.Why.Contains("application/json", StringComparison.Ordinal) => ": a JSON error body was read as an empty stream",
            ("error", "done" or "eof") when exp.ErrorKinds.Contains("api") => ": an error event inside the stream was not raised",
            ("error", "done" or "eof") when exp.ErrorKinds.Contains("timeout") => ": the stall did not trip an idle timeout",
            ("done", "eof") => ": the terminator was sent but not recognised",
            ("eof", "done") => ": the client claimed a terminator the stream never sent",
            (_, "error") when errorKind == "parse" => ": the client failed to parse a stream a correct client reads",
            _ => "",
        };
        return CheckResult.Missed($"expected {exp} because {exp.Why}; the client ended with {observed}{hint}", exp.ToString(), observed, Transcript.Ending(input.Journal));
    }
}
