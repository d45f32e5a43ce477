using Conformance.Core.Wire;

namespace Conformance.Core.Scenarios;

/// <summary>One response of a scenario: status, header overrides, and either a plain body or a stream.</summary>
public sealed record ResponseSpec
{
    public int Status { get; init; } = 200;

    /// <summary>Reason phrase; null means the standard one for <see cref="Status"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>Header overrides in file order. A null value removes a default header.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Headers { get; init; } = [];

    /// <summary>Headers whose value is an HTTP-date computed when the response is sent (<c>{"httpDateInSeconds": N}</c>).</summary>
    public IReadOnlyList<DatedHeader> DatedHeaders { get; init; } = [];

    /// <summary>A plain body; exactly one of <see cref="Body"/> and <see cref="Stream"/> is set.</summary>
    public PlainBody? Body { get; init; }

    public StreamSpec? Stream { get; init; }

    public BodyFraming Framing { get; init; } = BodyFraming.Chunked;

    /// <summary>Really gzip the body (one sync flush per write) and add <c>Content-Encoding: gzip</c>.</summary>
    public bool Gzip { get; init; }
}
