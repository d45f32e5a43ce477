namespace Conformance.Core.Results;

/// <summary>
/// A scored client: its label, how it was driven (process, browser), what was run and the profile it claims;
/// what it declared it can do (<see cref="Capabilities"/>, as <c>ClientCapabilities.ToString()</c>) and the SDK it
/// said it wraps, when its adapter greeted with a hello line.
/// </summary>
public sealed record ClientInfo(string Name, string Driver, string Target, string Profile, string? Environment = null)
{
    public string? Capabilities { get; init; }
    public string? Sdk { get; init; }
}
