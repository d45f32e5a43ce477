using System.Text.RegularExpressions;
using Conformance.Core.Rules;
using Conformance.Proxy.Cases;
using Conformance.Proxy.Rules;

namespace Conformance.Tests.Proxy;

public sealed partial class ProxyRulesTests
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
        Assert.That(ProxyRules.All.Select(r => r.Check), Is.All.EqualTo("proxy"));
    }

    [Test]
    public void EveryCase_ProvesOnlyKnownRules_AndEveryRuleHasACase()
    {
        var used = ProxyCases.All.SelectMany(c => c.Rules).ToHashSet();
        Assert.That(used, Is.EquivalentTo(ProxyRules.All.Select(r => r.Id)));
        Assert.That(ProxyCases.All.Select(c => c.Id), Is.All.StartWith("proxy."));
    }

    [Test]
    public void Parse_CollectsEveryError_WithItsEntry()
    {
        var rules = ProxyRules.Parse("""[{"id":"a","says":"s","level":"MAYBE","source":{"document":"d","quote":"q"},"check":"content"}]""", out var errors);
        Assert.That(rules, Is.Empty);
        Assert.That(errors, Has.Count.EqualTo(2));
        Assert.That(errors, Has.All.StartWith("rules[0] (a)"));
    }

    [Test]
    public void EveryQuote_AppearsInItsSeedDocument()
    {
        var seeds = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "seeds"));
        if (!Directory.Exists(seeds)) Assert.Ignore($"no seed folder at {seeds}");
        foreach (var rule in ProxyRules.All)
        {
            var file = Path.Combine(seeds, rule.Source.Document);
            Assert.That(File.Exists(file), Is.True, $"{rule.Id}: seed {rule.Source.Document} not found");
            // The seeds were scraped from HTML: line breaks sit where inline markup was, so compare with whitespace collapsed.
            Assert.That(Collapse(File.ReadAllText(file)), Does.Contain(Collapse(rule.Source.Quote)), $"{rule.Id}: quote not in {rule.Source.Document}");
        }
    }

    private static string Collapse(string s) => Spaces().Replace(s, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Conformance.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Conformance.sln not found above the test directory");
    }
}
