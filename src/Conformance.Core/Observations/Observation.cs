using System.Text.Json;
using System.Text.Json.Serialization;

namespace Conformance.Core.Observations;

/// <summary>
/// One thing a client under test reported (adapter contract v1, docs/adapter-protocol.md).
/// <see cref="AtMs"/> is when the runner received it, in ms from the client's start.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ChunkObservation), "chunk")]
[JsonDerivedType(typeof(ErrorObservation), "error")]
[JsonDerivedType(typeof(RetryObservation), "retry")]
[JsonDerivedType(typeof(MessageObservation), "message")]
[JsonDerivedType(typeof(EndObservation), "end")]
[JsonDerivedType(typeof(EventObservation), "event")]
[JsonDerivedType(typeof(CommentObservation), "comment")]
public abstract record Observation
{
    public double AtMs { get; init; }
}

/// <summary>An event object the client yielded (or a string token, for text-only clients).</summary>
public sealed record ChunkObservation(JsonElement Data) : Observation;

/// <summary>
/// The client raised. Kind: http, api, network, timeout, abort, parse, other. <see cref="ErrorType"/> is the
/// provider's own name for the error when the client surfaces it (<c>overloaded_error</c>, <c>rate_limit_error</c>):
/// optional, compared only when reported.
/// </summary>
public sealed record ErrorObservation(string Kind, int? Status, string? Message) : Observation
{
    public string? ErrorType { get; init; }
}

public sealed record RetryObservation(int Attempt) : Observation;

/// <summary>The client's own assembled result.</summary>
public sealed record MessageObservation(string? Content, IReadOnlyList<ToolCallObservation>? ToolCalls, string? Reasoning, string? FinishReason, JsonElement? Usage) : Observation;

public sealed record ToolCallObservation(int Index, string? Id, string? Name, string? Arguments);

/// <summary>An SSE event exactly as a parser dispatched it (the <c>events</c> level): its type (null: the default "message"), data and last event id.</summary>
public sealed record EventObservation(string? Event, string Data, string? Id) : Observation;

/// <summary>A comment line a parser library surfaced (allowed at the <c>events</c> level, never content).</summary>
public sealed record CommentObservation(string? Text) : Observation;

/// <summary>Reason: done, eof, cancelled.</summary>
public sealed record EndObservation(string Reason) : Observation;
