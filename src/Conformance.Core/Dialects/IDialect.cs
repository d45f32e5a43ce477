using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Core.Scenarios;
using Conformance.Core.Scenarios.Steps;
using Conformance.Core.Scoring;
using Conformance.Core.Sse;
using Conformance.Core.Wire;

namespace Conformance.Core.Dialects;

/// <summary>
/// Everything the harness knows about one streaming API, in one place (YARP's <c>ILoadBalancingPolicy</c> shape:
/// a stable <see cref="Name"/>, found in <see cref="DialectCatalog"/>). Scenario parsing, the body builder, the
/// server's routing, the expectation and the reports ask the dialect; nothing else switches on the API.
/// docs/dialects.md says how to add one.
/// </summary>
public interface IDialect
{
    /// <summary>The scenario's <c>api</c> value and <c>CONFORMANCE_API</c>, e.g. <c>openai-chat</c>.</summary>
    string Name { get; }

    /// <summary>Whose API it is (<c>openai</c>, <c>anthropic</c>, …): which <c>GET /v1/models</c> list a scenario appears in.</summary>
    string Provider { get; }

    /// <summary>Where the server answers it; the first is the one curl lines and reference clients use.</summary>
    IReadOnlyList<DialectEndpoint> Endpoints { get; }

    /// <summary>The request a client sends for a case (CONFORMANCE_REQUEST): the API's own shape, <paramref name="model"/> = the scenario id, streaming on.</summary>
    JsonObject RequestBody(string model, string prompt);

    /// <summary>The step kinds this API adds to the generic ones (comment, sse, raw, bytes, generate, repeat).</summary>
    IReadOnlyList<IStepKind> StepKinds { get; }

    /// <summary>Whether <c>generate.index</c> means something here (a content block index).</summary>
    bool GenerateTakesIndex { get; }

    /// <summary>A writer for one response body: per-stream state (sequence numbers, item ids) lives in it.</summary>
    IDialectStream NewStream(StreamContext context);

    /// <summary>What one SSE event is to a client of this API, before its data is parsed.</summary>
    EventRole Classify(SseEvent e);

    /// <summary>The provider's name for the error an <see cref="EventRole.Error"/> event carries, if it names one.</summary>
    string? ErrorTypeOf(string data);

    /// <summary>How the expected outcome reads when the stream ends at its terminator, e.g. "the stream ends with data: [DONE]".</summary>
    string TerminatorWhy { get; }

    /// <summary>
    /// The outcome of a body that ends cleanly without a terminator, or null for the generic "eof" (the body ended;
    /// nothing says the answer is cut). An API whose streams always end with a terminal event says "error" here.
    /// </summary>
    ExpectedOutcome? OutcomeWithoutTerminator(EndKind ending);

    /// <summary>Folds one event object (or a text token) into a message, the way a chat UI does.</summary>
    void Assemble(JsonElement chunk, Assembly message);

    /// <summary>Tool calls are numbered by position among tool calls (true), or by the index the wire gives them.</summary>
    bool NumbersToolCallsByPosition { get; }

    /// <summary>
    /// Fixes, in a written step, the ids the compiler derives from the scenario id (chunk ids, message ids) to
    /// <paramref name="hash"/>'s values, so a scenario saved under another id compiles to the same bytes.
    /// </summary>
    void PinIds(JsonObject step, string hash);

    /// <summary>
    /// The plan for one request's query string: an endpoint that answers in more than one body shape (Gemini's
    /// <c>streamGenerateContent</c> without <c>alt=sse</c> answers a JSON array) rewrites it here. Default: as planned.
    /// </summary>
    ResponsePlan PlanFor(ResponsePlan plan, string query) => plan;
}
