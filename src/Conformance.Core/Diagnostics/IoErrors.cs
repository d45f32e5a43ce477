using System.Runtime.InteropServices;

namespace Conformance.Core.Diagnostics;

/// <summary>Short, path-free reasons for file-system failures, so a harness fault is one line: "cannot write reports to /x: Permission denied".</summary>
public static class IoErrors
{
    /// <summary>True for the exceptions the file system raises (and nothing else).</summary>
    public static bool IsIo(Exception ex) => ex is IOException or UnauthorizedAccessException;

    /// <summary>The operating system's reason ("Permission denied", "Read-only file system", …), without the path the caller already names.</summary>
    public static string Reason(Exception ex) => ex switch
    {
        UnauthorizedAccessException => "Permission denied",
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        // On Unix, .NET keeps the raw errno as the HResult of a plain IOException: strerror says it best.
        IOException { HResult: > 0 and < 4096 } io when !OperatingSystem.IsWindows() => Marshal.GetPInvokeErrorMessage(io.HResult),
        _ => ex.Message,
    };
}
