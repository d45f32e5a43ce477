using System.Text.Json;
using Conformance.Core.Dialects;
using Conformance.Core.Observations;
using Conformance.Runner.Clients;

namespace Conformance.Tests.Runner;

/// <summary>
/// Service mode (docs/adapter-protocol.md, "Service mode"): one adapter process serves many cases, and every
/// guarantee of the per-process mode holds per case: a hung case times out and its service is killed with its
/// group and replaced, a crash is that case's ADAPTER-ERROR, stderr is the case's own, cases run in parallel
/// services, an interrupt kills the service.
/// </summary>
[TestFixture]
public sealed class ServiceModeDriverTests
{
    /// <summary>
    /// A shell service: answers each request line with a chunk carrying its pid and the request's base URL, an end and
    /// a case-end. A case id containing "hang" hangs, "crash" dies with exit 3 after one chunk, "child" leaves a
    /// background sleep whose pid goes to stderr.
    /// </summary>
    private const string Service = """
        while IFS= read -r line; do
          id=$(printf '%s' "$line" | sed 's/.*"id":"\([^"]*\)".*/\1/')
          url=$(printf '%s' "$line" | sed 's/.*"CONFORMANCE_BASE_URL":"\([^"]*\)".*/\1/')
          echo "stderr of $id" >&2
          case "$id" in
            *hang*) sleep 300 ;;
            *crash*) printf '{"type":"chunk","data":{"a":1}}\n'; echo "dying in $id" >&2; exit 3 ;;
            *child*) sleep 300 & echo "child $!" >&2 ;;
          esac
          printf '{"type":"chunk","data":{"pid":%s,"url":"%s"}}\n{"type":"end","reason":"done"}\n{"type":"case-end","id":"%s"}\n' $$ "$url" "$id"
        done
        """;

    private static ClientInvocation Case(string id) => new()
    {
        CaseId = id,
        BaseUrl = $"http://127.0.0.1:9/c/{id}/v1",
        Api = DialectCatalog.OpenAiChat,
        RequestJson = "{\"model\":\"m\",\"stream\":true}",
    };

    private static ProcessClientDriver Driver() => new("svc", Service, mode: AdapterMode.Service);

    private static int Pid(ClientRun run) => ((ChunkObservation)run.Observations[0]).Data.GetProperty("pid").GetInt32();

    [Test]
    public async Task OneProcess_ServesCaseAfterCase_EachWithItsOwnRequest()
    {
        await using var driver = Driver();
        var a = await driver.RunAsync(Case("case-a"), TimeSpan.FromSeconds(10), CancellationToken.None);
        var b = await driver.RunAsync(Case("case-b"), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.That(a.Faults, Is.Empty);
        Assert.That(b.Faults, Is.Empty);
        Assert.That(Pid(a), Is.EqualTo(Pid(b)), "the same service process");
        Assert.That(driver.ServicesStarted, Is.EqualTo(1));
        Assert.That(((ChunkObservation)b.Observations[0]).Data.GetProperty("url").GetString(), Is.EqualTo("http://127.0.0.1:9/c/case-b/v1"));
        Assert.That(b.Observations.Select(o => o.GetType()), Is.EqualTo(new[] { typeof(ChunkObservation), typeof(EndObservation) }), "case-end is not an observation");
        Assert.That(b.ExitCode, Is.EqualTo(0));
    }

    [Test]
    public async Task Stderr_IsTheCasesOwn()
    {
        await using var driver = Driver();
        var a = await driver.RunAsync(Case("case-a"), TimeSpan.FromSeconds(10), CancellationToken.None);
        await Task.Delay(100); // the stderr pipe is read on its own: let case-a's line arrive before case-b starts
        var b = await driver.RunAsync(Case("case-b"), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.That(b.Stderr, Does.Contain("stderr of case-b").And.Not.Contain("case-a"));
        Assert.That(a.Stderr, Does.Not.Contain("case-b"));
    }

    [Test]
    public async Task HungCase_IsATimeout_TheServiceIsKilledWithItsGroup_AndTheNextCaseGetsAFreshOne()
    {
        await using var driver = Driver();
        var first = await driver.RunAsync(Case("case-a"), TimeSpan.FromSeconds(10), CancellationToken.None);
        var hung = await driver.RunAsync(Case("case-hang"), TimeSpan.FromMilliseconds(500), CancellationToken.None);
        var next = await driver.RunAsync(Case("case-c"), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.That(hung.TimedOut, Is.True);
        Assert.That(hung.Lifetime?.ExitedAt, Is.Null, "killed, never ended");
        Assert.That(await ProcessClientDriverTests.GoneAsync(Pid(first)), Is.True, "the hung service was killed");
        Assert.That(next.Faults, Is.Empty);
        Assert.That(Pid(next), Is.Not.EqualTo(Pid(first)));
        Assert.That(driver.ServicesStarted, Is.EqualTo(2));
    }

    [Test]
    public async Task CrashedService_IsThatCasesAdapterError_WithItsStderr_AndIsRestartedForTheNext()
    {
        await using var driver = Driver();
        var crashed = await driver.RunAsync(Case("case-crash"), TimeSpan.FromSeconds(10), CancellationToken.None);
        var next = await driver.RunAsync(Case("case-b"), TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.That(crashed.TimedOut, Is.False);
        Assert.That(crashed.ExitCode, Is.EqualTo(3));
        Assert.That(crashed.Faults[0], Does.StartWith("adapter exited with code 3").And.Contain("crashed during this case"));
        Assert.That(crashed.Faults, Has.Some.Contains("no final end or error"));
        Assert.That(crashed.Observations, Has.Count.EqualTo(1), "what it printed before dying is kept");
        Assert.That(crashed.Stderr, Does.Contain("dying in case-crash"));
        Assert.That(crashed.Lifetime?.ExitedAt, Is.Not.Null, "a death is an exit: every socket closed there");
        Assert.That(next.Faults, Is.Empty);
        Assert.That(driver.ServicesStarted, Is.EqualTo(2));
    }

    [Test]
    public async Task ParallelCases_RunInSeparateServices_OnePerSlot()
    {
        await using var driver = Driver();
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => driver.RunAsync(Case($"case-{i}"), TimeSpan.FromSeconds(10), CancellationToken.None)));
        var again = await Task.WhenAll(Enumerable.Range(2, 2).Select(i => driver.RunAsync(Case($"case-{i}"), TimeSpan.FromSeconds(10), CancellationToken.None)));

        Assert.That(runs.Concat(again).SelectMany(r => r.Faults), Is.Empty);
        Assert.That(driver.ServicesStarted, Is.LessThanOrEqualTo(2), "two slots, at most two services, reused");
        Assert.That(again.Select(Pid).Distinct().Count(), Is.EqualTo(again.Length), "no service runs two cases at once");
    }

    [Test]
    public async Task Cancelling_KillsTheServiceAndWhatItSpawned()
    {
        await using var driver = Driver();
        var first = await driver.RunAsync(Case("case-a"), TimeSpan.FromSeconds(10), CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        Assert.That(async () => await driver.RunAsync(Case("case-hang"), TimeSpan.FromSeconds(10), cts.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await ProcessClientDriverTests.GoneAsync(Pid(first)), Is.True);
    }

    [Test]
    public async Task StopServices_EndsTheServiceAndTheChildrenItLeft()
    {
        var driver = Driver();
        var run = await driver.RunAsync(Case("case-child"), TimeSpan.FromSeconds(10), CancellationToken.None);
        await Task.Delay(100);
        var child = int.Parse(run.Stderr.Split('\n').First(l => l.StartsWith("child ", StringComparison.Ordinal))[6..].Trim());
        await driver.StopServicesAsync();

        Assert.That(await ProcessClientDriverTests.GoneAsync(Pid(run)), Is.True);
        Assert.That(await ProcessClientDriverTests.GoneAsync(child), Is.True, "the group goes with the service");
    }

    [Test]
    public async Task Lifetime_EndsAtTheCaseEndLine()
    {
        await using var driver = Driver();
        var run = await driver.RunAsync(Case("case-a"), TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.That(run.Lifetime?.ExitedAt, Is.Not.Null);
        Assert.That(run.Lifetime!.ExitedAt!.Value, Is.GreaterThanOrEqualTo(run.Lifetime.StartedAt));
    }

    [Test]
    public void RequestLine_CarriesThePerProcessVariablesByName()
    {
        var invocation = Case("case-x") with { CancelAfter = 2, IdleTimeoutMs = 300 };
        var line = AdapterService.RequestLine(invocation);
        Assert.That(line, Does.EndWith("\n"));
        var root = JsonDocument.Parse(line).RootElement;
        Assert.That(root.GetProperty("type").GetString(), Is.EqualTo("case"));
        Assert.That(root.GetProperty("id").GetString(), Is.EqualTo("case-x"));
        var env = root.GetProperty("env").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.That(env, Is.EquivalentTo(invocation.Environment()));
    }

    [Test]
    public void Hello_DeclaresServiceMode_UnknownModesAreIgnored()
    {
        var hello = AdapterHandshake.Parse("""{"type":"hello","modes":["service","http-someday"]}""")!;
        Assert.That(hello.Errors, Is.Empty);
        Assert.That(hello.Mode, Is.EqualTo(AdapterMode.Service));
        Assert.That(AdapterHandshake.Parse("""{"type":"hello","modes":["http-someday"]}""")!.Mode, Is.EqualTo(AdapterMode.PerProcess));
        Assert.That(AdapterHandshake.Parse("""{"type":"hello"}""")!.Mode, Is.EqualTo(AdapterMode.PerProcess));
    }
}
