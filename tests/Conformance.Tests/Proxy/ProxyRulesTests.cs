using Conformance.Core.Rules;
using Conformance.Proxy.Cases;
using Conformance.Proxy.Rules;

namespace Conformance.Tests.Proxy;

public sealed class ProxyRulesTests
{
    [Test]
    public void RulesFile_LoadsEveryProxyRule_WithCheckProxy()
    {
        var ids = ProxyRules.All.Select(r => r.Id).ToList();
        Assert.That(ids, Is.EquivalentTo(new[]
        {
            ProxyRules.NoBuffering, ProxyRules.ContentType, ProxyRules.CacheControl, ProxyRules.NoCompression, ProxyRules.BytesIdentical,
            ProxyRules.Disconnect, ProxyRules.StatusPassthrough, ProxyRules.ResetPropagates, ProxyRules.HeartbeatKeepsAlive,
        }));
        Assert.That(ProxyRules.All.Select(r => r.Check), Is.All.EqualTo(CheckKinds.Proxy));
    }

    [Test]
    public void EveryCase_ProvesOnlyKnownRules_AndEveryRuleHasACase()
    {
        var used = ProxyCases.All.SelectMany(c => c.Rules).ToHashSet();
        Assert.That(used, Is.EquivalentTo(ProxyRules.All.Select(r => r.Id)));
        Assert.That(ProxyCases.All.Select(c => c.Id), Is.All.StartWith("proxy."));
    }

    [Test]
    public void Parse_GoesThroughRuleCatalog_AndCollectsEveryError_WithItsPath()
    {
        var (catalog, errors) = ProxyRules.Parse("""{"rules":[{"id":"proxy.a","says":"s","level":"MAYBE","source":{"document":"d","quote":"q"},"check":"nope"}]}""");
        Assert.That(catalog.All, Is.Empty);
        Assert.That(errors, Has.Some.StartWith("proxy-rules.json: $.rules[0].level"));
        Assert.That(errors, Has.Some.StartWith("proxy-rules.json: $.rules[0].check"));
        Assert.That(errors, Has.Some.StartWith("proxy-rules.json: $.rules[0].source.document"));
    }

    [Test]
    public void Parse_AClientCheck_IsRefused_InTheProxyCatalogue()
    {
        var (_, errors) = ProxyRules.Parse("""{"rules":[{"id":"proxy.a","says":"s","level":"MUST","source":{"document":"whatwg-html#event-stream-interpretation","quote":"q"},"check":"content"}]}""");
        Assert.That(errors, Is.EqualTo(new[] { "proxy-rules.json: proxy.a: check must be 'proxy', got 'content'" }));
    }

    [Test]
    public void RulesFile_OnDisk_LoadsThroughRuleCatalog_WithZeroErrors()
    {
        var (catalog, errors) = RuleCatalog.LoadFile(Path.Combine(RepoRoot(), "rules", "proxy-rules.json"));
        Assert.That(errors, Is.Empty, string.Join("\n", errors));
        Assert.That(catalog.All.Select(r => r.Id), Is.EqualTo(ProxyRules.All.Select(r => r.Id)));
    }

    [Test]
    public void EveryQuote_AppearsInItsSeedDocument()
    {
        var seeds = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "seeds"));
        if (!Directory.Exists(seeds)) Assert.Ignore($"no seed folder at {seeds}");
        var errors = ProxyRules.Catalog.VerifyQuotes(seeds);
        Assert.That(errors, Is.Empty, string.Join("\n", errors));
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Conformance.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Conformance.sln not found above the test directory");
    }
}
