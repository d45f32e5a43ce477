using Conformance.Core.Dialects;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Lint.Checks;
using Conformance.Lint.Sse;

namespace Conformance.Lint.Dialects;

/// <summary>
/// What lint and record know of one streaming API: the request to send, how to authenticate, the rules of its
/// stream and its errors, and (for mutations) where its terminator is and what its error event looks like.
/// One small class per API, found by <see cref="Name"/> in <see cref="LintDialects"/>. This is the lint side of
/// the per-API seam: when the project's IDialect lands, these move onto it and this interface goes.
/// </summary>
public interface ILintDialect
{
    /// <summary>The API's wire name: openai-chat, openai-completions, anthropic-messages (as scenarios spell it).</summary>
    string Name { get; }

    IDialect Api { get; }

    /// <summary>The default request body for <paramref name="model"/>: a short prompt and <c>stream: true</c>, nothing an SDK does not send by default (no stream_options: give them with --request).</summary>
    string DefaultBody(string model);

    /// <summary>Headers the API needs besides Content-Type and Accept: the key's header when there is a key, version headers.</summary>
    IReadOnlyList<KeyValuePair<string, string>> Headers(string? key);

    /// <summary>Every rule the dialect scores (so a non-200 answer can mark the stream's rules SKIPPED).</summary>
    IReadOnlyList<string> StreamRules { get; }

    /// <summary>The error-shape rule of this API.</summary>
    string ErrorShapeRule { get; }

    /// <summary>The dialect's rules on a 200 stream.</summary>
    IReadOnlyList<RuleVerdict> CheckStream(StreamFacts f);

    /// <summary>The error-shape rule on an error answer's body (status ≥ 400).</summary>
    RuleVerdict CheckErrorBody(StreamFacts f);

    /// <summary>The terminator event (<c>data: [DONE]</c>, <c>event: message_stop</c>), if the stream has one.</summary>
    SseEvent? Terminator(SseScan scan);

    /// <summary>An error event of this API, with <paramref name="eol"/> line endings, for the inject-error mutation.</summary>
    string ErrorEvent(string eol);
}
