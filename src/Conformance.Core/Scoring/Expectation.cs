using Conformance.Core.Observations;

namespace Conformance.Core.Scoring;

/// <summary>
/// What a correct client produces for a case under a profile, derived from the scenario's own bytes
/// (never written by hand): the chunks, the text, the assembled message, the outcome and the requests.
/// </summary>
public sealed record Expectation
{
    public required string Profile { get; init; }
    public required ExpectedOutcome Outcome { get; init; }
    /// <summary>The event objects a correct client yields, in order.</summary>
    public required IReadOnlyList<ExpectedChunk> Chunks { get; init; }
    /// <summary>Every SSE event the reference parser dispatches from the body, [DONE] and pings included: what a parser library yields (the <c>events</c> level).</summary>
    public IReadOnlyList<ExpectedEvent> Events { get; init; } = [];
    /// <summary>The assembled text (OpenAI delta.content / text, Anthropic text deltas).</summary>
    public required string Text { get; init; }
    public IReadOnlyList<ToolCallObservation> ToolCalls { get; init; } = [];
    public string? Reasoning { get; init; }
    public string? FinishReason { get; init; }
    /// <summary>The usage object as JSON text, when the stream carries one.</summary>
    public string? Usage { get; init; }
    /// <summary>How many requests a correct client sends (1 + retries).</summary>
    public required int Attempts { get; init; }
    /// <summary>For each retry (attempt 2, 3, …), the least wait a correct client honours (Retry-After), or null when the server gave none.</summary>
    public IReadOnlyList<int?> RetryWaitsMs { get; init; } = [];
    /// <summary>
    /// Events the stream carried that a correct client does not yield (pings, non-JSON data the dialect
    /// drops, events after the terminator): an extra chunk equal to one of them is charged to the rule about it.
    /// </summary>
    public IReadOnlyList<DroppedEvent> Dropped { get; init; } = [];
    /// <summary>Where the stream carries the forms rules are about (<see cref="WireForms"/>), in body order: a rule's evidence lies there.</summary>
    public IReadOnlyList<FormMark> Forms { get; init; } = [];
    /// <summary>For a case whose client reconnects (<c>client.reconnects</c>): what it does connection by connection; null otherwise.</summary>
    public ExpectedReconnection? Reconnection { get; init; }
    /// <summary>Aspects the profile does not define for this case ("content", "outcome", …), with the reason: such rules are SKIPPED.</summary>
    public IReadOnlyDictionary<string, string> Undefined { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Kind: done, eof, cancelled or error. For an error, <see cref="ErrorKinds"/> are the acceptable kinds
/// (and <see cref="Status"/> the HTTP status). For any other kind, <see cref="ErrorKinds"/> lists errors
/// that are accepted as well (a strict client may reject what a lenient one reads).
/// </summary>
public sealed record ExpectedOutcome(string Kind, IReadOnlyList<string> ErrorKinds, int? Status, string Why)
{
    /// <summary>
    /// For an error: the provider's name for it, as the wire carries it (<c>error.type</c> of an Anthropic
    /// <c>event: error</c>, of an embedded <c>{"error":…}</c>, of a JSON error body), or null when it names none.
    /// Compared only with a client that reports one (<see cref="Observations.ErrorObservation.ErrorType"/>).
    /// </summary>
    public string? ErrorType { get; init; }

    /// <summary>What a client that ends otherwise did wrong, when the one who sets this outcome knows better than the generic hints (a dialect's <see cref="Dialects.IDialect.OutcomeWithoutTerminator"/>).</summary>
    public string? MissedHint { get; init; }

    /// <summary>The <c>error.type</c> string of a JSON error payload (<c>{"error":{"type":…}}</c>, <c>{"type":"error","error":{"type":…}}</c>), if any.</summary>
    public static string? ErrorTypeOf(string json)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            var root = doc.RootElement;
            return root.ValueKind == System.Text.Json.JsonValueKind.Object
                   && root.TryGetProperty("error", out var error) && error.ValueKind == System.Text.Json.JsonValueKind.Object
                   && error.TryGetProperty("type", out var type) && type.ValueKind == System.Text.Json.JsonValueKind.String
                ? type.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException) { return null; }
    }

    public static ExpectedOutcome Error(string why, int? status, params string[] kinds) => new("error", kinds, status, why);

    public bool Accepts(string observedKind, string? errorKind, int? status) =>
        Kind == "error"
            ? observedKind == "error" && ErrorKinds.Contains(errorKind ?? "") && (Status is null || status is null || Status == status)
            : observedKind == Kind || observedKind == "error" && ErrorKinds.Contains(errorKind ?? "");

    public override string ToString() =>
        Kind == "error"
            ? $"error ({string.Join("|", ErrorKinds)}{(Status is { } s ? $", status {s}" : "")})"
            : ErrorKinds.Count == 0 ? Kind : $"{Kind} (or error {string.Join("|", ErrorKinds)})";
}

/// <summary>One dispatched SSE event: its type ("message" by default), data, last event id, and the body offset just past its blank line.</summary>
public sealed record ExpectedEvent(string Type, string Data, string? Id, int CompleteAtOffset)
{
    /// <summary>The body offset of its first line: its bytes are [StartOffset, CompleteAtOffset).</summary>
    public int StartOffset { get; init; }

    /// <summary>The connection (attempt, 1-based) whose body carries it: always 1 unless the client reconnects.</summary>
    public int Attempt { get; init; } = 1;
}

/// <summary>An event a correct client drops: why (a <see cref="PhantomKinds"/> value), its data, and the body offset where it is complete.</summary>
public sealed record DroppedEvent(string Kind, string Data, int CompleteAtOffset)
{
    /// <summary>The body offset of its first line: its bytes are [StartOffset, CompleteAtOffset).</summary>
    public int StartOffset { get; init; }

    /// <summary>For a block with no data: the <c>event:</c> type it set, which WHATWG resets with the block (it must not reach the next event).</summary>
    public string? EventType { get; init; }
}

/// <summary>One expected chunk: its JSON, and the body offset (of the final attempt) where its event is complete.</summary>
public sealed record ExpectedChunk(string Json, int CompleteAtOffset)
{
    /// <summary>The body offset of its event's first line: its bytes are [StartOffset, CompleteAtOffset).</summary>
    public int StartOffset { get; init; }
}
