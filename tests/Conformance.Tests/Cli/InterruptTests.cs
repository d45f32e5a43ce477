using System.Diagnostics;
using System.Text.Json;
using Conformance.Cli;

namespace Conformance.Tests.Cli;

/// <summary>
/// Ctrl-C / SIGINT and SIGTERM on a real `conformance run` process: no new case starts, the running client is killed
/// with its process group, the finished cases are reported as an interrupted run, exit 130.
/// </summary>
[TestFixture]
[NonParallelizable] // signals and process tables: keep it alone
public sealed class InterruptTests
{
    // Run one at a time (longest first, by the scenarios' scripted delays): the first finishes at once, the second hangs
    // with a child until interrupted.
    private const string Filter = "framing.crlf.blank-line-split,framing.drip.one-byte-writes,framing.lf.basic-stream";

    // The hello handshake runs the adapter once before any case: it answers and counts as no case.
    private const string Adapter = """
        if [ "$CONFORMANCE_HELLO" = "1" ]; then printf '{"type":"hello"}\n'; exit 0; fi
        echo "$CONFORMANCE_CASE" >> "$INTERRUPT_LOG"
        n=$(wc -l < "$INTERRUPT_LOG")
        if [ $n -gt 1 ]; then
          sleep 300 &
          echo "$! $$" >> "$INTERRUPT_PIDS"
          wait
        fi
        printf '{"type":"end","reason":"eof"}\n'
        """;

    private string _temp = null!;

    [SetUp]
    public void Folder() => _temp = Directory.CreateTempSubdirectory("conformance-interrupt-").FullName;

    [TearDown]
    public void Clean() => Directory.Delete(_temp, recursive: true);

    [TestCase("INT", TestName = "Sigint_AfterTheFirstCase_ReportsItAsInterrupted_KillsTheRunningClient_Exits130")]
    [TestCase("TERM", TestName = "Sigterm_AfterTheFirstCase_ReportsItAsInterrupted_KillsTheRunningClient_Exits130")]
    public async Task Interrupt_AfterTheFirstCase(string signal)
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("POSIX signals");
        if (signal == "INT" && SigintIgnoredHere())
            Assert.Ignore("SIGINT is ignored in this process tree (started in the background without job control), so a child cannot receive it");

        var script = Path.Combine(_temp, "adapter.sh");
        await File.WriteAllTextAsync(script, Adapter.ReplaceLineEndings("\n") + "\n");
        var log = Path.Combine(_temp, "cases.log");
        var pids = Path.Combine(_temp, "pids");
        var output = Path.Combine(_temp, "out");

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "conformance.dll"), "run", "--client", $"sh \"{script}\"", "--name", "slow",
                     "--filter", Filter, "--parallel", "1", "--timeout-ms", "60000", "--out", output,
                 })
            psi.ArgumentList.Add(a);
        psi.Environment["INTERRUPT_LOG"] = log;
        psi.Environment["INTERRUPT_PIDS"] = pids;
        using var cli = Process.Start(psi)!;
        var stdout = cli.StandardOutput.ReadToEndAsync();
        var stderr = cli.StandardError.ReadToEndAsync();
        try
        {
            // The second case's client has started (so the first has finished) and has a child of its own.
            var (child, shell) = await WaitForPidsAsync(pids, cli, stdout, stderr);
            var group = ProcessGroupOf(shell);
            Assert.That(GroupMembers(group), Does.Contain(shell).And.Contain(child), "the client runs in a process group of its own");
            Assert.That(group, Is.Not.EqualTo(ProcessGroupOf(Environment.ProcessId)));

            Signal(cli.Id, signal);
            using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
                await cli.WaitForExitAsync(limit.Token);

            var (o, e) = (await stdout, await stderr);
            Assert.That(cli.ExitCode, Is.EqualTo(ExitCodes.Interrupted), o + e);
            Assert.That(e, Does.Not.Contain("Unhandled").And.Not.Contain("   at "), "no stack trace");
            Assert.That(o, Does.Contain("interrupted: the reports hold the 1 case(s) that finished"));

            using var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "results.json")));
            Assert.That(results.RootElement.GetProperty("interrupted").GetBoolean(), Is.True);
            var cases = results.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("caseId").GetString()).ToList();
            Assert.That(cases, Is.EqualTo(new[] { File.ReadAllLines(log)[0] }), "the finished case (the client's first), not the interrupted one");
            Assert.That(File.ReadAllLines(log), Has.Length.EqualTo(2), "no case started after the interrupt");
            Assert.That(File.Exists(Path.Combine(output, "junit.xml")) && File.Exists(Path.Combine(output, "index.html")), "every report is written");

            Assert.That(await GoneAsync(child), Is.True, $"the client's child {child} outlived the interrupt");
            Assert.That(await GoneAsync(shell), Is.True, $"the client {shell} outlived the interrupt");
            Assert.That(GroupMembers(group), Is.Empty, $"processes left in the client's group {group}");
        }
        finally
        {
            if (!cli.HasExited) cli.Kill(entireProcessTree: true);
        }
    }

    private static async Task<(int Child, int Shell)> WaitForPidsAsync(string pids, Process cli, Task<string> stdout, Task<string> stderr)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (cli.HasExited) Assert.Fail($"the CLI exited early ({cli.ExitCode}): {await stdout}{await stderr}");
            if (File.Exists(pids) && File.ReadAllText(pids).Split(' ', '\n', StringSplitOptions.RemoveEmptyEntries) is [var child, var shell, ..])
                return (int.Parse(child), int.Parse(shell));
            await Task.Delay(50);
        }
        Assert.Fail("the second case's client never started");
        return default;
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.That(kill.ExitCode, Is.Zero, $"kill -{signal} {pid}");
    }

    /// <summary>SigIgn in /proc/self/status is a hex mask; bit 1 is SIGINT (2). A child inherits an ignored SIGINT.</summary>
    private static bool SigintIgnoredHere()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 0x2) != 0;
    }

    /// <summary>Live (non-zombie: a killed process may wait for a reaper) processes whose process group is <paramref name="pgid"/>.</summary>
    private static List<int> GroupMembers(int pgid)
    {
        var members = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            if (Stat(pid) is { } fields && fields[0] != "Z" && int.Parse(fields[2]) == pgid) members.Add(pid);
        }
        return members;
    }

    private static int ProcessGroupOf(int pid) => int.Parse(Stat(pid)?[2] ?? throw new InvalidOperationException($"no process {pid}"));

    /// <summary>The fields of /proc/PID/stat after "pid (comm)": state ppid pgrp …; comm may hold spaces and parentheses.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException) { return null; }
    }

    private static async Task<bool> GoneAsync(int pid)
    {
        for (var i = 0; i < 100; i++)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat)) return true;
            try { if (File.ReadAllText(stat).Split(')')[1].Trim().StartsWith('Z')) return true; }
            catch (IOException) { return true; }
            await Task.Delay(20);
        }
        return false;
    }
}
