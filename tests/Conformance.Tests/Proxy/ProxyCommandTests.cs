using Conformance.Cli;
using Conformance.Core.Results;
using Conformance.Proxy;

namespace Conformance.Tests.Proxy;

public sealed class ProxyCommandTests
{
    [Test]
    public void Validate_CollectsEveryProblem()
    {
        var errors = new ProxyOptions { ProxyUrl = new Uri("http://example.com:8080"), ProxyCommand = "nginx" }.Validate();
        Assert.That(errors, Has.Some.Contains("exactly one of --proxy-url or --proxy-cmd"));
        Assert.That(errors, Has.Some.Contains("--upstream-port"));
        Assert.That(errors, Has.Some.Contains("loopback"));
        Assert.That(errors, Has.Some.Contains("{port}"));
        Assert.That(errors, Has.Some.Contains("{upstream}"));
        Assert.That(new ProxyOptions { ProxyCommand = "p {port} {upstream}", TimingAttempts = 0 }.Validate(), Has.Some.Contains("--timing-attempts"));
    }

    [Test]
    public async Task Cli_ProxyUrlWithoutUpstreamPort_IsAUsageError()
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await CliApp.RunAsync(["proxy", "--proxy-url", "http://127.0.0.1:9"], stdout, stderr, default);
        Assert.That(code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(stderr.ToString(), Does.Contain("--upstream-port"));
    }

    [Test]
    public async Task Cli_BadFormatOrThreshold_IsAUsageError_LikeRun()
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await CliApp.RunAsync(["proxy", "--proxy-cmd", "x {port} {upstream}", "--format", "pdf", "--threshold", "2"], stdout, stderr, default);
        Assert.That(code, Is.EqualTo(ExitCodes.Usage));
        Assert.That(stderr.ToString(), Does.Contain("--format"));
    }

    [Test]
    public async Task Cli_ProxyCmd_StartsTheProxy_AndWritesEveryReport()
    {
        if (Conformance.Proxy.Launching.HaproxyProxy.FindBinary() is not { } haproxy) { Assert.Ignore("haproxy not installed"); return; }
        var dir = Directory.CreateTempSubdirectory("conformance-proxy-cli-").FullName;
        try
        {
            var cfg = Path.Combine(dir, "h.cfg");
            // {port} and {upstream} are filled in by the harness; the config is written by the command itself.
            var cmd = $"printf 'defaults\\n mode http\\n timeout connect 5s\\n timeout client 30s\\n timeout server 30s\\n option http-no-delay\\nfrontend f\\n bind 127.0.0.1:{{port}}\\n default_backend b\\nbackend b\\n server s 127.0.0.1:{{upstream}}\\n' > {cfg} && exec {haproxy} -db -f {cfg}";
            var (stdout, stderr) = (new StringWriter(), new StringWriter());
            var code = await CliApp.RunAsync(["proxy", "--proxy-cmd", cmd, "--name", "haproxy-cli", "--out", dir], stdout, stderr, default);
            TestContext.Out.WriteLine(stdout.ToString());
            Assert.That(stderr.ToString(), Is.Empty);
            Assert.That(code, Is.AnyOf(ExitCodes.Ok, ExitCodes.Failed));
            // Every report format, through the same CompositeReporter as `run`.
            Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.SupersetOf(new[] { "results.json", "junit.xml", "summary.md", "index.html" }));
            Assert.That(stdout.ToString(), Does.Contain("per-event lag"));
            var run = ResultsJson.Deserialize(File.ReadAllText(Path.Combine(dir, "results.json")));
            Assert.That(run.Clients[0].Name, Is.EqualTo("haproxy-cli"));
            Assert.That(run.Cases.Select(c => c.ScenarioId), Is.EquivalentTo(Conformance.Proxy.Cases.ProxyCases.All.Select(c => c.Id)));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
