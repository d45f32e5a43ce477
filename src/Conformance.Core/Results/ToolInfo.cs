namespace Conformance.Core.Results;

/// <summary>The tool that wrote a run (its informational version, which names the commit it was built from): <c>merge</c> refuses to mix versions.</summary>
public sealed record ToolInfo(string Name, string Version);
