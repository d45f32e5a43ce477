namespace Conformance.Browser;

/// <summary>
/// No Chromium to launch. The message is one line that says where we looked and the command that
/// installs it; callers print it as it is (no stack trace).
/// </summary>
public sealed class BrowserNotFoundException(string message) : Exception(message)
{
    public static BrowserNotFoundException At(string path, string? source = null) =>
        new($"Chromium not found at {path}{(source is null ? "" : $" (from {source})")}. Install it: apt-get install -y chromium (or pass --browser-path)");
}
