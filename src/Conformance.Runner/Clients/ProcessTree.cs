using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Conformance.Runner.Clients;

/// <summary>
/// Starts commands in their own session (so their process group id is their pid) and kills whole
/// groups by id: a client that forks a helper cannot leave it behind. Never kills by name.
/// </summary>
internal static partial class ProcessTree
{
    private const int SigKill = 9;

    public static bool HasSetsid { get; } = OperatingSystem.IsLinux() && File.Exists("/usr/bin/setsid");

    public static ProcessStartInfo ShellCommand(string command)
    {
        ProcessStartInfo psi;
        if (OperatingSystem.IsWindows())
        {
            psi = new ProcessStartInfo("cmd.exe");
            psi.ArgumentList.Add("/c");
            psi.ArgumentList.Add(command);
        }
        else if (HasSetsid)
        {
            // setsid execs in place (the child of .NET is not a group leader), so pid == pgid.
            psi = new ProcessStartInfo("/usr/bin/setsid");
            psi.ArgumentList.Add("/bin/sh");
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(command);
        }
        else
        {
            psi = new ProcessStartInfo("/bin/sh");
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(command);
        }
        return psi;
    }

    /// <summary>An adapter's start: through the shell in its own group, stdin/stdout/stderr piped, stderr as UTF-8.</summary>
    public static ProcessStartInfo AdapterStartInfo(string command, string? workingDirectory)
    {
        var psi = ShellCommand(command);
        psi.RedirectStandardInput = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        psi.StandardErrorEncoding = System.Text.Encoding.UTF8;
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        return psi;
    }

    /// <summary>Kills the process group led by <paramref name="process"/> and, as a backstop, its tree.</summary>
    public static void KillGroup(Process process)
    {
        int pid;
        try { pid = process.Id; } catch (InvalidOperationException) { return; }
        if (HasSetsid) _ = kill(-pid, SigKill); // ESRCH when the group is already gone: fine
        try { if (!process.HasExited) process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
        catch (System.ComponentModel.Win32Exception) { }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
