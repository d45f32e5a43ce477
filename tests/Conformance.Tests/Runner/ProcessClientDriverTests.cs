using Conformance.Core.Observations;
using Conformance.Core.Scenarios;
using Conformance.Runner.Clients;

namespace Conformance.Tests.Runner;

[TestFixture]
public sealed class ProcessClientDriverTests
{
    private static readonly ClientInvocation Invocation = new()
    {
        CaseId = "case-1",
        BaseUrl = "http://127.0.0.1:9/c/x/v1",
        Api = ApiKind.OpenAiChat,
        RequestJson = "{\"model\":\"m\",\"stream\":true}",
        CancelAfter = 3,
    };

    private static Task<ClientRun> Run(string command, int timeoutMs = 10_000) =>
        new ProcessClientDriver("t", command).RunAsync(Invocation, TimeSpan.FromMilliseconds(timeoutMs), CancellationToken.None);

    [Test]
    public async Task WellBehavedAdapter_ObservationsParsedInOrder_NoFaults()
    {
        var run = await Run("""printf '{"type":"chunk","data":{"a":1}}\n{"type":"retry","attempt":2}\n{"type":"end","reason":"done"}\n'""");

        Assert.That(run.Faults, Is.Empty);
        Assert.That(run.Observations.Select(o => o.GetType()), Is.EqualTo(new[] { typeof(ChunkObservation), typeof(RetryObservation), typeof(EndObservation) }));
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public async Task Environment_CarriesTheContractVariables_AndStdinIsClosed()
    {
        var run = await Run("""read x; printf '{"type":"chunk","data":{"url":"%s","api":"%s","cancel":"%s","stdin":"%s"}}\n{"type":"end","reason":"eof"}\n' "$CONFORMANCE_BASE_URL" "$CONFORMANCE_API" "$CONFORMANCE_CANCEL_AFTER" "$x" """);

        var data = ((ChunkObservation)run.Observations[0]).Data;
        Assert.That(data.GetProperty("url").GetString(), Is.EqualTo(Invocation.BaseUrl));
        Assert.That(data.GetProperty("api").GetString(), Is.EqualTo("openai-chat"));
        Assert.That(data.GetProperty("cancel").GetString(), Is.EqualTo("3"));
        Assert.That(data.GetProperty("stdin").GetString(), Is.Empty);
    }

    [Test]
    public async Task NonZeroExit_NonJsonLine_MissingEnd_AreAdapterFaultsWithStderr()
    {
        var run = await Run("echo 'hello'; echo boom >&2; exit 3");

        Assert.That(run.Faults, Has.Some.Contains("exited with code 3"));
        Assert.That(run.Faults, Has.Some.Contains("not JSON"));
        Assert.That(run.Faults, Has.Some.Contains("no final end or error"));
        Assert.That(run.Stderr, Does.Contain("boom"));
    }

    [Test]
    public async Task ObservationAfterError_IsAFault()
    {
        var run = await Run("""printf '{"type":"error","kind":"network","message":"x"}\n{"type":"end","reason":"eof"}\n'""");
        Assert.That(run.Faults, Has.Some.Contains("after the final"));
    }

    [Test]
    public async Task HangingClient_IsKilledWithEverythingItSpawned_AndReportedAsTimeout()
    {
        var pidFile = Path.GetTempFileName();
        try
        {
            var run = await Run($"sleep 300 & echo $! > {pidFile}; sleep 300", timeoutMs: 500);

            Assert.That(run.TimedOut, Is.True);
            var childPid = int.Parse(File.ReadAllText(pidFile).Trim());
            Assert.That(await GoneAsync(childPid), Is.True, $"the client's child {childPid} outlived the run");
        }
        finally { File.Delete(pidFile); }
    }

    [Test]
    public async Task ExitedClient_LeftoverBackgroundChild_IsKilledToo()
    {
        var pidFile = Path.GetTempFileName();
        try
        {
            var run = await Run($"sleep 300 & echo $! > {pidFile}; printf '{{\"type\":\"end\",\"reason\":\"eof\"}}\\n'");

            Assert.That(run.TimedOut, Is.False);
            Assert.That(run.Faults, Is.Empty);
            Assert.That(await GoneAsync(int.Parse(File.ReadAllText(pidFile).Trim())), Is.True);
        }
        finally { File.Delete(pidFile); }
    }

    /// <summary>True once the pid no longer runs (gone, or a zombie awaiting its reaper).</summary>
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
