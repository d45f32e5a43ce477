using Conformance.Core.Dialects;
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
        Api = DialectCatalog.OpenAiChat,
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

    // ---- An adapter that exits before its output drained (docs/adapter-protocol.md, Pitfalls) ---------------

    private static async Task<ClientRun> RunNode(string script)
    {
        var path = Path.Combine(Path.GetTempPath(), $"conformance-adapter-{Guid.NewGuid():N}.mjs");
        await File.WriteAllTextAsync(path, script);
        try { return await Run($"node \"{path}\""); }
        finally { File.Delete(path); }
    }

    private const string BigChunk = """
        const out = (o) => process.stdout.write(JSON.stringify(o) + "\n");
        out({ type: "chunk", data: { choices: [{ index: 0, delta: { content: "x".repeat(1024 * 1024) } }] } });
        out({ type: "end", reason: "done" });
        """;

    [Test]
    public async Task NodeExitRightAfterABigLine_TheCutLineIsDiagnosed_WithTheFix()
    {
        // process.exit() does not wait for a pending pipe write: stdout stops at a pipe-sized boundary, mid-line.
        var run = await RunNode(BigChunk + "process.exit(0);\n");

        var fault = run.Faults.Single(f => f.StartsWith("stdout ended in the middle of a line", StringComparison.Ordinal));
        Assert.That(fault, Does.Contain("without the end of its JSON or a newline, when the adapter exited"));
        Assert.That(fault, Does.Contain("most likely exited before its output drained"));
        Assert.That(fault, Does.Contain("process.stdout.write(\"\", () => process.exit(0))").And.Contain("process.exitCode"));
        var bytes = int.Parse(System.Text.RegularExpressions.Regex.Match(fault, @"stops after (\d+) bytes").Groups[1].Value);
        Assert.That(bytes, Is.GreaterThan(0).And.LessThan(1024 * 1024), "a prefix of the 1 MiB line");
        Assert.That(fault, Does.Contain("a multiple of the 4096-byte pipe page"), $"cut at {bytes} bytes");
        Assert.That(run.Faults, Has.None.StartsWith("stdout line is not JSON"), "the cut line is diagnosed, not reported as garbage");
        Assert.That(run.Faults, Has.Some.EqualTo("no final end or error observation"));
        Assert.That(run.ExitCode, Is.EqualTo(0));
    }

    [TestCase("process.stdout.write(\"\", () => process.exit(0));", TestName = "NodeExitAfterTheWriteCallback_TheWholeLineArrives")]
    [TestCase("process.exitCode = 0;", TestName = "NodeExitCodeAndReturn_TheWholeLineArrives")]
    public async Task NodeExitThatWaitsForTheOutput_TheWholeBigLineArrives(string ending)
    {
        var run = await RunNode(BigChunk + ending + "\n");

        Assert.That(run.Faults, Is.Empty);
        var chunk = (ChunkObservation)run.Observations[0];
        Assert.That(chunk.Data.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString(), Has.Length.EqualTo(1024 * 1024));
        Assert.That(run.Observations[^1], Is.TypeOf<EndObservation>());
    }

    [TestCase("printf 'hello'", TestName = "UnterminatedGarbage_IsAPlainNotJsonFault")]
    [TestCase("printf '{\"type\":\"chunk\",\n'", TestName = "TruncatedJsonWithItsNewline_IsAPlainNotJsonFault")]
    [TestCase("printf '{\"type\":\"end\",\"reason\":\"done\"} x'", TestName = "UnterminatedCompleteObjectWithJunk_IsAPlainNotJsonFault")]
    public async Task LinesThatAreNotACutOffObservation_AreNeverDiagnosedAsCut(string command)
    {
        var run = await Run(command);
        Assert.That(run.Faults, Has.Some.StartsWith("stdout line is not JSON"));
        Assert.That(run.Faults, Has.None.Contains("middle of a line"));
    }

    [Test]
    public async Task UnterminatedLastLine_ThatIsAnObservation_IsAccepted()
    {
        var run = await Run("""printf '{"type":"chunk","data":"a"}\r\n{"type":"end","reason":"eof"}'""");
        Assert.That(run.Faults, Is.Empty);
        Assert.That(run.Observations.Select(o => o.GetType()), Is.EqualTo(new[] { typeof(ChunkObservation), typeof(EndObservation) }));
    }

    [Test]
    public async Task LeadingBom_OnStdout_IsSkipped()
    {
        var run = await Run("""printf '\357\273\277{"type":"end","reason":"eof"}\n'""");
        Assert.That(run.Faults, Is.Empty);
    }

    [Test]
    public async Task TimedOutClient_CutMidLine_IsBlamedOnTheKill_NotTheAdapter()
    {
        var run = await Run("""printf '{"type":"chunk","data":{"a":"'; sleep 300""", timeoutMs: 500);
        Assert.That(run.TimedOut, Is.True);
        Assert.That(run.Faults, Has.Some.StartsWith("stdout was cut off in the middle of a line when the client was killed"));
        Assert.That(run.Faults, Has.None.Contains("exited before its output drained"));
    }

    /// <summary>True once the pid no longer runs (gone, or a zombie awaiting its reaper).</summary>
    internal static async Task<bool> GoneAsync(int pid)
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
