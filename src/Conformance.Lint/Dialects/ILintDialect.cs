using System.Text.Json;
using Conformance.Core.Dialects;
using Conformance.Core.Scoring;
using Conformance.Lint.Checks;
using Conformance.Lint.Sse;

namespace Conformance.Lint.Dialects;

/// <summary>
/// The server side of one <see cref="IDialect"/>: what lint and record send to a live server of that API, the rules
/// of the stream it must answer with, and (for mutations) where its terminator is and what its error event looks like.
/// It is found by the dialect (<see cref="LintDialects.For"/>) and named by it, so an API has one name everywhere.
/// Why not members of IDialect itself: these checks score *servers* against rules/server-rules.json, which only the
/// lint assembly loads; Core stays free of them, and a dialect without a lint side is simply not lintable yet.
/// </summary>
public interface ILintDialect
{
    IDialect Api { get; }

    /// <summary>The API's wire name, the dialect's: openai-chat, openai-responses, gemini-generate, …</summary>
    string Name => Api.Name;

    /// <summary>The path below the base URL for <paramref name="model"/>, with any query the stream needs (Gemini's <c>?alt=sse</c>).</summary>
    string PathFor(string? model) => Api.Endpoints[0].BelowBase;

    /// <summary>Whether the request body names the model (<c>"model"</c>); Gemini's names it in the path.</summary>
    bool ModelInBody => true;

    /// <summary>What a <c>--request</c> body lacks to ask for a stream, or null when it asks for one (default: <c>"stream": true</c>).</summary>
    string? WhyNotAStreamRequest(JsonElement body) =>
        body.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True ? null : "the body must set \"stream\": true (lint and record judge a stream)";

    /// <summary>The default request body for <paramref name="model"/>: a short prompt and streaming on, nothing an SDK does not send by default (no stream_options: give them with --request).</summary>
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

    /// <summary>The terminator event (<c>data: [DONE]</c>, <c>event: message_stop</c>, <c>response.completed</c>), if the stream has one.</summary>
    SseEvent? Terminator(SseScan scan);

    /// <summary>An error event of this API, with <paramref name="eol"/> line endings, for the inject-error mutation.</summary>
    string ErrorEvent(string eol);

    /// <summary>The client rules a recording that ends cleanly is scored against (a cut one adds net.fin/net.reset).</summary>
    IReadOnlyList<string> RecordingRules { get; }

    /// <summary>The client rules a recording mutated by drop-terminator is scored against.</summary>
    IReadOnlyList<string> DropTerminatorRules { get; }

    /// <summary>The client rule a recording mutated by inject-error is about (with llm.content.exact where the dialect has it).</summary>
    IReadOnlyList<string> InjectErrorRules { get; }
}
