namespace Conformance.Cli;

/// <summary>Bad command-line input: reported with the command's usage and exit code 3.</summary>
public sealed class UsageException(string message) : Exception(message);
