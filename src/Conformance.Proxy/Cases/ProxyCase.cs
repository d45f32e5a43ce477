using Conformance.Core.Wire;

namespace Conformance.Proxy.Cases;

/// <summary>
/// One proxy case: the upstream plan the mock plays, the rules it proves, and what the probe does
/// (read to the end, or disconnect after <see cref="DisconnectAfterEvents"/> events).
/// </summary>
public sealed record ProxyCase
{
    /// <summary>Scenario id, <c>proxy.&lt;family&gt;.&lt;name&gt;</c>.</summary>
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public required ResponsePlan Plan { get; init; }
    public required IReadOnlyList<string> Rules { get; init; }
    public int? DisconnectAfterEvents { get; init; }
    /// <summary>How long the probe waits for the whole response.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public string Family => Id.Split('.')[1];
}
