namespace Conformance.Browser;

/// <summary>When a driver captures the page into <c>Attachments["screenshot"]</c>.</summary>
public enum ScreenshotPolicy
{
    /// <summary>On a fault, a timeout or an error observation (the default; the runner keeps it for failing cases).</summary>
    OnError,
    /// <summary>After every case.</summary>
    Always,
    Never,
}
