namespace Conformance.Core.Results;

/// <summary>A scored client: its label, how it was driven (process, browser), what was run and the profile it claims.</summary>
public sealed record ClientInfo(string Name, string Driver, string Target, string Profile, string? Environment = null);
