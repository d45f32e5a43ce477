using Conformance.Core.Scoring;
using Conformance.Proxy.Launching;
using Conformance.Proxy.Rules;

namespace Conformance.Tests.Proxy;

/// <summary>
/// Real proxies on free loopback ports, started by the test and stopped by their own pid group
/// (never by name). nginx comes from Debian's packages (.ci/run installs it).
/// </summary>
[NonParallelizable]
public sealed class RealProxyTests
{
    private const string FiveEvents = "proxy.buffering.five-events-200ms";

    private static void RequireNginx()
    {
        if (NginxProxy.FindBinary() is null) Assert.Fail(NginxProxy.InstallHint);
    }

    [Test]
    [Description(ProxyRules.NoBuffering)]
    public async Task Nginx_DefaultBuffering_IsFlaggedAsBuffering_WithTheLag()
    {
        RequireNginx();
        var run = await ProxyHarness.RunAsync((up, ct) => Launch(NginxProxy.StartAsync(up, buffering: true, ct)));
        var v = ProxyHarness.Verdict(run, FiveEvents, ProxyRules.NoBuffering);
        Assert.That(v.Verdict, Is.EqualTo(Verdict.Fail), v.Reason);
        Assert.That(v.Reason, Does.Match(@"event \d+ arrived \d+(\.\d)? ms after its upstream write \(limit 50 ms\)"));
        // nginx holds the close-delimited body on every attempt: all three are re-measured and each one's max lag is stated.
        Assert.That(v.Reason, Does.Match(@"attempt 1: FAIL, max lag \d+(\.\d)? ms; attempt 2: FAIL, max lag \d+(\.\d)? ms; attempt 3: FAIL, max lag \d+(\.\d)? ms\]"));
    }

    [Test]
    [Description(ProxyRules.NoBuffering)]
    public async Task Nginx_ProxyBufferingOff_PassesNoBuffering()
    {
        RequireNginx();
        var run = await ProxyHarness.RunAsync((up, ct) => Launch(NginxProxy.StartAsync(up, buffering: false, ct)));
        var v = ProxyHarness.Verdict(run, FiveEvents, ProxyRules.NoBuffering);
        Assert.That(v.Verdict, Is.EqualTo(Verdict.Pass), v.Reason);
    }

    [Test]
    [Description("every proxy rule")]
    public async Task Yarp_PassesEveryProxyRule()
    {
        var run = await ProxyHarness.RunAsync(async (up, ct) => await YarpProxy.StartAsync(up, ct));
        Assert.That(ProxyHarness.Failures(run), Is.Empty);
    }

    [Test]
    public async Task Nginx_IsStoppedByPid_WhenDisposed()
    {
        RequireNginx();
        await using var mock = Conformance.Server.Hosting.MockServer.Start(new() { Port = 0 }, new Conformance.Proxy.Cases.ProxyScenarioSource(Conformance.Proxy.Cases.ProxyCases.All));
        var nginx = await NginxProxy.StartAsync(mock.Port, buffering: false, default);
        var pid = nginx.ProcessId;
        await nginx.DisposeAsync();
        Assert.That(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal), Is.False, "nginx still running");
        using var s = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        Assert.That(async () => await s.ConnectAsync(System.Net.IPAddress.Loopback, nginx.Url.Port), Throws.InstanceOf<System.Net.Sockets.SocketException>());
    }

    /// <summary>HAProxy's defaults hold a chunked event until the next one arrives; <c>option http-no-delay</c> forwards each at once.</summary>
    [TestCase(false, Verdict.Fail)]
    [TestCase(true, Verdict.Pass)]
    [Description(ProxyRules.NoBuffering)]
    public async Task Haproxy_NoDelayOption_DecidesBuffering(bool noDelay, Verdict expected)
    {
        if (HaproxyProxy.FindBinary() is null) Assert.Ignore(HaproxyProxy.InstallHint + " (optional: run when present)");
        var run = await ProxyHarness.RunAsync((up, ct) => Launch(HaproxyProxy.StartAsync(up, noDelay, ct)));
        var v = ProxyHarness.Verdict(run, "proxy.buffering.five-events-chunked", ProxyRules.NoBuffering);
        Assert.That(v.Verdict, Is.EqualTo(expected), v.Reason);
    }

    private static async Task<IProxyUnderTest> Launch<T>(Task<T> start) where T : IProxyUnderTest => await start;
}
