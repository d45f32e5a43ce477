namespace Conformance.Tests.Support;

/// <summary>
/// Paths the harness cannot read, for the tests of its file-system faults — also when the tests run as root, who
/// ignores file modes: /proc/1/map_files cannot be listed without CAP_SYS_ADMIN, /proc/self/mem cannot be read at offset 0.
/// </summary>
internal static class Unreadable
{
    /// <summary>Makes <paramref name="path"/> a folder that cannot be listed, or ignores the test when this machine allows none.</summary>
    public static void Folder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("unreadable folders are made with Unix modes and /proc");
            return;
        }
        Directory.CreateDirectory(path);
        System.IO.File.SetUnixFileMode(path, UnixFileMode.None);
        if (CannotList(path)) return;
        System.IO.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(path);
        Directory.CreateSymbolicLink(path, "/proc/1/map_files");
        if (!CannotList(path)) Assert.Ignore("no unreadable folder on this machine (root with CAP_SYS_ADMIN?)");
    }

    /// <summary>Makes <paramref name="path"/> a file whose read fails (EIO).</summary>
    public static void File(string path)
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("/proc/self/mem is the unreadable file these tests use");
        System.IO.File.CreateSymbolicLink(path, "/proc/self/mem");
        try { System.IO.File.ReadAllBytes(path); Assert.Ignore("/proc/self/mem is readable here"); }
        catch (IOException) { }
    }

    /// <summary>Undoes <see cref="Folder"/>'s mode change so the test's temp folder can be deleted.</summary>
    public static void Restore(string path)
    {
        if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null && !OperatingSystem.IsWindows())
            System.IO.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static bool CannotList(string path)
    {
        try { Directory.GetFiles(path); return false; }
        catch (UnauthorizedAccessException) { return true; }
    }
}
