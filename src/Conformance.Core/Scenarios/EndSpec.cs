using Conformance.Core.Wire;

namespace Conformance.Core.Scenarios;

/// <summary>How the stream ends; fin/reset/stall may cut the body short at <see cref="AfterBytes"/>.</summary>
public sealed record EndSpec
{
    public EndKind Kind { get; init; } = EndKind.Clean;

    /// <summary>Hold-open or stall duration.</summary>
    public int Ms { get; init; }

    /// <summary>Send only the first N body bytes (before gzip); the rest is never sent.</summary>
    public int? AfterBytes { get; init; }
}
