namespace Conformance.Cli;

/// <summary>The two output streams a command writes to (injected, so commands are testable).</summary>
public sealed record Console2(TextWriter Out, TextWriter Err);
