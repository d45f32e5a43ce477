using Conformance.Core.Dialects;
using System.Net;
using System.Text.Json.Nodes;
using Conformance.Core.Scenarios;
using Conformance.Core.Wire;
using Conformance.Server.Hosting;
using Conformance.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Conformance.Tests.Server;

/// <summary>GET /v1/models and /v1/models/{id}: scenarios as models, in OpenAI's or Anthropic's shape, on a real socket.</summary>
[TestFixture]
public sealed class ModelsEndpointTests
{
    private MockServer _server = null!;
    private HttpClient _http = null!;

    [SetUp]
    public void Start()
    {
        var stream = FakeScenarios.Stream(EndKind.Clean, 0, "data: [DONE]\n\n");
        var scenarios = new FakeScenarios()
            .Add("encoding.utf8.split", "Two-byte UTF-8 characters split across writes", DialectCatalog.OpenAiChat, stream)
            .Add("framing.legacy", "Legacy completions", DialectCatalog.OpenAiCompletions, stream)
            .Add("anthropic.a", "First Anthropic scenario", DialectCatalog.AnthropicMessages, stream)
            .Add("anthropic.b", "Second Anthropic scenario", DialectCatalog.AnthropicMessages, stream)
            .Add("anthropic.c", "Third Anthropic scenario", DialectCatalog.AnthropicMessages, stream);
        _server = MockServer.Start(new MockServerOptions(), scenarios);
        _http = new HttpClient { BaseAddress = _server.BaseUrl };
    }

    [TearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<(HttpResponseMessage Response, JsonNode Body)> Get(string path, params (string, string)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (k, v) in headers) request.Headers.TryAddWithoutValidation(k, v);
        var response = await _http.SendAsync(request);
        return (response, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static string[] Ids(JsonNode list) => [.. list["data"]!.AsArray().Select(m => m!["id"]!.GetValue<string>())];

    [Test]
    public async Task List_OpenAiShape_ScenarioIdsAsModels_TitlesAsDescriptions_OpenAiApisOnly()
    {
        var (response, body) = await Get("v1/models", ("Authorization", "Bearer sk-test"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
        Assert.That(body["object"]!.GetValue<string>(), Is.EqualTo("list"));
        Assert.That(Ids(body), Is.EqualTo(new[] { "encoding.utf8.split", "framing.legacy" }));
        var model = body["data"]![0]!;
        Assert.That(model["object"]!.GetValue<string>(), Is.EqualTo("model"));
        Assert.That(model["created"]!.GetValue<long>(), Is.EqualTo(1735689600));
        Assert.That(model["owned_by"]!.GetValue<string>(), Is.EqualTo("conformance"));
        Assert.That(model["description"]!.GetValue<string>(), Is.EqualTo("Two-byte UTF-8 characters split across writes"));
    }

    [TestCase("anthropic-version", "2023-06-01")]
    [TestCase("x-api-key", "sk-ant-test")]
    public async Task List_AnthropicRequest_AnthropicShape_AnthropicApisOnly(string header, string value)
    {
        var (response, body) = await Get("v1/models", (header, value));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Ids(body), Is.EqualTo(new[] { "anthropic.a", "anthropic.b", "anthropic.c" }));
        Assert.That(body["has_more"]!.GetValue<bool>(), Is.False);
        Assert.That(body["first_id"]!.GetValue<string>(), Is.EqualTo("anthropic.a"));
        Assert.That(body["last_id"]!.GetValue<string>(), Is.EqualTo("anthropic.c"));
        var model = body["data"]![0]!;
        Assert.That(model["type"]!.GetValue<string>(), Is.EqualTo("model"));
        Assert.That(model["display_name"]!.GetValue<string>(), Is.EqualTo("First Anthropic scenario"));
        Assert.That(model["created_at"]!.GetValue<string>(), Is.EqualTo("2025-01-01T00:00:00Z"));
    }

    [Test]
    public async Task List_AnthropicPaging_LimitAfterIdBeforeId()
    {
        var anthropic = ("anthropic-version", "2023-06-01");
        var (_, first) = await Get("v1/models?limit=2", anthropic);
        Assert.That(Ids(first), Is.EqualTo(new[] { "anthropic.a", "anthropic.b" }));
        Assert.That(first["has_more"]!.GetValue<bool>(), Is.True);

        var (_, next) = await Get($"v1/models?limit=2&after_id={first["last_id"]}", anthropic);
        Assert.That(Ids(next), Is.EqualTo(new[] { "anthropic.c" }));
        Assert.That(next["has_more"]!.GetValue<bool>(), Is.False);

        var (_, back) = await Get("v1/models?limit=1&before_id=anthropic.c", anthropic);
        Assert.That(Ids(back), Is.EqualTo(new[] { "anthropic.b" }));
        Assert.That(back["has_more"]!.GetValue<bool>(), Is.True);

        var (bad, error) = await Get("v1/models?limit=0", anthropic);
        Assert.That((int)bad.StatusCode, Is.EqualTo(400));
        Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("error"));
        Assert.That(error["error"]!["type"]!.GetValue<string>(), Is.EqualTo("invalid_request_error"));
    }

    [Test]
    public async Task Retrieve_ById_AnyScenario_InTheCallersShape()
    {
        var (openAi, model) = await Get("v1/models/anthropic.b");
        Assert.That(openAi.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(model["id"]!.GetValue<string>(), Is.EqualTo("anthropic.b"));
        Assert.That(model["object"]!.GetValue<string>(), Is.EqualTo("model"));

        var (_, anthropic) = await Get("v1/models/encoding.utf8.split", ("anthropic-version", "2023-06-01"));
        Assert.That(anthropic["type"]!.GetValue<string>(), Is.EqualTo("model"));
        Assert.That(anthropic["display_name"]!.GetValue<string>(), Is.EqualTo("Two-byte UTF-8 characters split across writes"));
    }

    [Test]
    public async Task Retrieve_UnknownId_404ModelNotFound_WithCloseMatches_OrAnthropicNotFound()
    {
        var (response, body) = await Get("v1/models/encoding.utf8.splt");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(body["error"]!["code"]!.GetValue<string>(), Is.EqualTo("model_not_found"));
        Assert.That(body["error"]!["close_matches"]!.AsArray().Select(n => n!.GetValue<string>()), Does.Contain("encoding.utf8.split"));

        var (anthropic, error) = await Get("v1/models/nope", ("anthropic-version", "2023-06-01"));
        Assert.That(anthropic.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error["error"]!["type"]!.GetValue<string>(), Is.EqualTo("not_found_error"));
    }

    [Test]
    public async Task List_BelowAScenarioOrCaseBase_IsThatOneScenario()
    {
        var (_, scenario) = await Get("s/anthropic.a/v1/models");
        Assert.That(Ids(scenario), Is.EqualTo(new[] { "anthropic.a" }));

        var handle = _server.AllocateCase("framing.legacy");
        var (_, perCase) = await Get(handle.BaseUrl + "/models");
        Assert.That(Ids(perCase), Is.EqualTo(new[] { "framing.legacy" }));
        // Listing models is not an attempt: the case's first request still gets attempt 1.
        Assert.That(_server.JournalOf(handle.CaseId)!.Exchanges, Is.Empty);

        var (unknown, error) = await Get("s/no.such/v1/models");
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(error["error"]!["code"]!.GetValue<string>(), Is.EqualTo("scenario_not_found"));
    }

    [Test]
    public async Task FromABrowser_PreflightPasses_AndTheListCarriesCorsHeaders()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "v1/models");
        preflight.Headers.Add("Origin", "http://chat.example.test");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization, x-stainless-os");
        using var allowed = await _http.SendAsync(preflight);
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(allowed.Headers.GetValues("Access-Control-Allow-Headers").Single(), Does.Contain("x-stainless-os"));

        var (list, _) = await Get("v1/models", ("Origin", "http://chat.example.test"));
        Assert.That(list.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("http://chat.example.test"));
    }

    [Test]
    public async Task Post_Gets405_AllowingGet()
    {
        using var response = await _http.PostAsync("v1/models", new StringContent("{}"));
        Assert.That((int)response.StatusCode, Is.EqualTo(405));
        Assert.That(response.Content.Headers.Allow, Does.Contain("GET"));
    }

    [Test]
    public async Task AUserStubForModels_Wins()
    {
        _server.WireMock.Given(Request.Create().WithPath("/v1/models").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"object":"list","data":[{"id":"mine"}]}"""));

        var (_, body) = await Get("v1/models");
        Assert.That(Ids(body), Is.EqualTo(new[] { "mine" }));
    }

    [Test]
    public async Task KeepAlive_TheConnectionServesAScenarioAfterTheList()
    {
        await using var raw = await RawHttpClient.ConnectAsync(_server.Port, CancellationToken.None);
        await raw.SendAsync("GET", "/v1/models");
        var list = await raw.ReadAsync(b => System.Text.Encoding.UTF8.GetString(b).Contains("\"framing.legacy\"", StringComparison.Ordinal) && b.AsSpan().EndsWith("}\n"u8),
            TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.That(list.End, Is.EqualTo(RawEnd.Satisfied));

        await raw.SendAsync("POST", "/v1/chat/completions", """{"model":"encoding.utf8.split","stream":true}""");
        var stream = await raw.ReadAsync(RawReads.EndsWithTerminator, TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.That(System.Text.Encoding.UTF8.GetString(stream.All), Does.Contain("data: [DONE]"));
    }
}
