namespace Conformance.Cli;

/// <summary>
/// The harness cannot do its job in this environment (an unwritable report folder, an unreadable input): one line on
/// stderr, exit 3, no stack trace — the message says what and why.
/// </summary>
public sealed class HarnessException(string message, Exception? inner = null) : Exception(message, inner);
