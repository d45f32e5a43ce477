using Conformance.Core.Dialects;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Tests.Scenarios;

namespace Conformance.Tests.Dialects;

/// <summary>The seam itself: the catalogue, endpoint matching, the parser asking the dialects, the Anthropic additions.</summary>
[TestFixture]
public sealed class DialectSeamTests
{
    [Test]
    public void Catalog_FindsEveryBuiltInByItsName_AndNothingElse()
    {
        foreach (var d in DialectCatalog.All) Assert.That(DialectCatalog.Find(d.Name), Is.SameAs(d));
        Assert.That(DialectCatalog.Find("openai-chatt"), Is.Null);
        Assert.That(DialectCatalog.Names, Is.Unique);
    }

    [Test]
    public void Catalog_MapsEachEndpointPathBackToItsDialect()
    {
        foreach (var d in DialectCatalog.All)
            Assert.That(DialectCatalog.FromPath(d.Endpoints[0].Path.Split('/'))?.Dialect, Is.SameAs(d), d.Name);
        Assert.That(DialectCatalog.FromPath(["v1", "chat"]), Is.Null);
    }

    [Test]
    public void Endpoint_WithModelTemplate_MatchesAndExtractsTheModel()
    {
        var e = new DialectEndpoint("POST", "v1beta/models/{model}:streamGenerateContent");
        Assert.That(e.Matches(["v1beta", "models", "llm.case:streamGenerateContent"], out var model), Is.True);
        Assert.That(model, Is.EqualTo("llm.case"));
        Assert.That(e.Matches(["v1beta", "models", ":streamGenerateContent"], out _), Is.False, "an empty model");
        Assert.That(e.Matches(["v1beta", "models", "x:generateContent"], out _), Is.False);
        Assert.That(e.Base, Is.EqualTo("v1beta"));
        Assert.That(e.PathFor("m1"), Is.EqualTo("v1beta/models/m1:streamGenerateContent"));
    }

    [Test]
    public void UnknownApi_IsALocatedErrorNamingTheDialects()
    {
        var (_, errors) = ScenarioParser.Parse(ScenarioJson.Stream("""{ "comment": "x" }""", api: "gemini-chat"), "t.json");
        Assert.That(errors.Select(e => $"{e.File}: {e.JsonPath}: {e.Message}"),
            Has.Some.EqualTo($"t.json: $.api: unknown value 'gemini-chat'; expected one of {string.Join(", ", DialectCatalog.Names)}"));
    }

    [Test]
    public void AnotherDialectsStep_DoesNotFitTheApi()
    {
        var (_, errors) = ScenarioParser.Parse(ScenarioJson.Stream("""{ "done": true }""", api: "anthropic-messages"), "t.json");
        Assert.That(errors.Single().Message, Is.EqualTo("a 'done' step does not fit api 'anthropic-messages' (only openai-chat, openai-completions)"));
    }

    [Test]
    public void AnthropicSignature_IsWrittenAsSignatureDelta_ByteForByte()
    {
        const string signature = "EqQBCgIYAhIM1gbcDa9GJwZA2b3h+/Q==";
        var body = ScenarioJson.Compile($$"""{ "anthropic": "signature", "index": 0, "signature": "{{signature}}" }""", api: "anthropic-messages").Text();
        Assert.That(body, Is.EqualTo("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"" + signature + "\"}}\n\n"));
    }

    [Test]
    public void AnthropicCitation_IsWrittenAsCitationsDelta()
    {
        var body = ScenarioJson.Compile("""{ "anthropic": "citations", "index": 1, "citation": { "type": "char_location", "cited_text": "x", "document_index": 0 } }""", api: "anthropic-messages").Text();
        Assert.That(body, Does.Contain("\"delta\":{\"type\":\"citations_delta\",\"citation\":{\"type\":\"char_location\",\"cited_text\":\"x\",\"document_index\":0}}"));
    }

    [Test]
    public void AnthropicSignature_IsNotText()
    {
        var s = ScenarioJson.Parse(ScenarioJson.Stream("""{ "anthropic": "signature", "signature": "abc" }, { "anthropic": "text", "text": "Hi" }, { "anthropic": "message_stop" }""", api: "anthropic-messages"));
        Assert.That(ExpectationBuilder.Build(s, Profiles.Anthropic).Text, Is.EqualTo("Hi"));
    }

    [Test]
    public void Profiles_CoverDialectsByName_NullMeaningAll()
    {
        Assert.That(Profiles.OpenAi.Covers(DialectCatalog.AnthropicMessages), Is.True);
        Assert.That(Profiles.Anthropic.Covers(DialectCatalog.OpenAiChat), Is.False);
        Assert.That(Profiles.Conduit.Covers(DialectCatalog.OpenAiCompletions), Is.False);
    }
}
