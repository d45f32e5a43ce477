namespace Conformance.Core.Dialects;

/// <summary>What one SSE event is to a client of a dialect (<see cref="IDialect.Classify"/>).</summary>
public enum EventRole
{
    /// <summary>An event object: parsed and yielded.</summary>
    Content,
    /// <summary>Yielded, and the stream ends after it (Anthropic <c>message_stop</c>, Responses <c>response.completed</c>).</summary>
    Final,
    /// <summary>A sentinel that ends the stream and is never yielded (<c>data: [DONE]</c>).</summary>
    Terminator,
    /// <summary>A keep-alive a client drops (Anthropic <c>ping</c>).</summary>
    KeepAlive,
    /// <summary>An error inside the stream: raised, never a short answer.</summary>
    Error,
}
