using System.Net;
using System.Text.Json.Nodes;
using Conformance.Core.Wire;
using Conformance.Server.Hosting;
using Conformance.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Conformance.Tests.Server;

/// <summary>Routing, CORS, errors and the WireMock pass-through.</summary>
[TestFixture]
public sealed class MockServerHttpTests
{
    private MockServer _server = null!;
    private HttpClient _http = null!;

    [SetUp]
    public void Start()
    {
        var scenarios = new FakeScenarios()
            .Add("framing.plain", FakeScenarios.Stream(EndKind.Clean, 0, "data: {\"c\":1}\n\n", "data: [DONE]\n\n"))
            .Add("framing.other", FakeScenarios.Stream(EndKind.Clean, 0, "data: [DONE]\n\n"));
        _server = MockServer.Start(new MockServerOptions(), scenarios);
        _http = new HttpClient { BaseAddress = _server.BaseUrl };
    }

    [TearDown]
    public async Task Stop()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Model_NamesScenario_OnPlainV1Path()
    {
        using var response = await _http.PostAsync("v1/chat/completions", new StringContent("{\"model\":\"framing.plain\",\"stream\":true}"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.StartWith("data: {\"c\":1}"));
    }

    [Test]
    public async Task Get_OnScenarioUrl_ServesTheSameStream_ForEventSource()
    {
        var body = await _http.GetStringAsync("s/framing.plain/v1/chat/completions");
        Assert.That(body, Is.EqualTo("data: {\"c\":1}\n\ndata: [DONE]\n\n"));
        var viaQuery = await _http.GetStringAsync("v1/chat/completions?model=framing.plain");
        Assert.That(viaQuery, Is.EqualTo(body));
    }

    [Test]
    public async Task Preflight_AnyOriginAnyHeader_IsAllowed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "s/framing.plain/v1/chat/completions");
        request.Headers.Add("Origin", "http://example.test");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, x-stainless-os, content-type");
        using var response = await _http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("http://example.test"));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Headers").Single(), Does.Contain("x-stainless-os"));
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Methods").Single(), Does.Contain("POST"));
    }

    [Test]
    public async Task MalformedJsonBody_GetsOpenAiShaped400()
    {
        using var response = await _http.PostAsync("v1/chat/completions", new StringContent("{\"model\": nope"));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("invalid_json"));
        Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("invalid_request_error"));
    }

    [Test]
    public async Task UnknownScenario_Gets404ListingCloseMatches()
    {
        using var response = await _http.PostAsync("s/framing.plian/v1/chat/completions", new StringContent("{}"));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.That((int)response.StatusCode, Is.EqualTo(404));
        Assert.That(error["close_matches"]!.AsArray().Select(n => n!.GetValue<string>()), Does.Contain("framing.plain"));
    }

    [Test]
    public async Task WrongMethod_Gets405WithAllow()
    {
        using var response = await _http.PutAsync("s/framing.plain/v1/chat/completions", new StringContent("{}"));
        Assert.That((int)response.StatusCode, Is.EqualTo(405));
        Assert.That(response.Content.Headers.Allow, Does.Contain("POST"));
    }

    [Test]
    public async Task UnknownCase_Gets404()
    {
        using var response = await _http.PostAsync("c/nope/v1/chat/completions", new StringContent("{}"));
        Assert.That((int)response.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task WrongEndpointForScenario_Gets400()
    {
        using var response = await _http.PostAsync("s/framing.plain/v1/messages", new StringContent("{}"));
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task NonScenarioPath_IsServedByWireMockStubs()
    {
        _server.WireMock.Given(Request.Create().WithPath("/hello").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("stubbed"));

        Assert.That(await _http.GetStringAsync("hello"), Is.EqualTo("stubbed"));
        // The connection the forward closed does not break the next scenario request.
        Assert.That(await _http.GetStringAsync("s/framing.other/v1/chat/completions"), Is.EqualTo("data: [DONE]\n\n"));
    }

    [TestCase("POST", "v1/embeddings")]
    [TestCase("GET", "v1")]
    [TestCase("POST", "s/framing.plain/v1/audio/speech")]
    [TestCase("DELETE", "c/any/v1/files/1")]
    public async Task UnknownV1Path_NoStub_GetsOpenAiShaped404_ListingTheEndpoints(string method, string path)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}") });
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

        Assert.That((int)response.StatusCode, Is.EqualTo(404));
        Assert.That(error["type"]!.GetValue<string>(), Is.EqualTo("invalid_request_error"));
        Assert.That(error["code"]!.GetValue<string>(), Is.EqualTo("unknown_url"));
        Assert.That(error["message"]!.GetValue<string>(), Does.StartWith($"Invalid URL ({method} /{path})"));
        Assert.That(error["endpoints"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[]
        {
            "POST /v1/chat/completions", "POST /v1/completions", "POST /v1/messages", "POST /v1/responses", "POST /v1beta/models/{model}:streamGenerateContent", "GET /v1/models", "GET /v1/models/{model}",
        }));
    }

    [Test]
    public async Task UnknownV1Path_AUserStubMatches_TheStubAnswers_EvenA404OfItsOwn()
    {
        _server.WireMock.Given(Request.Create().WithPath("/v1/embeddings").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"object":"list","data":[]}"""));
        _server.WireMock.Given(Request.Create().WithPath("/v1/files/gone").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithBody("my own 404"));

        using var embeddings = await _http.PostAsync("v1/embeddings", new StringContent("{}"));
        Assert.That((int)embeddings.StatusCode, Is.EqualTo(200));
        Assert.That(await embeddings.Content.ReadAsStringAsync(), Is.EqualTo("""{"object":"list","data":[]}"""));

        using var gone = await _http.GetAsync("v1/files/gone");
        Assert.That((int)gone.StatusCode, Is.EqualTo(404));
        Assert.That(await gone.Content.ReadAsStringAsync(), Is.EqualTo("my own 404"));
    }

    [Test]
    public async Task UnknownPathOutsideV1_StillGetsWireMocksOwnAnswer()
    {
        using var response = await _http.GetAsync("no/such/thing");
        Assert.That((int)response.StatusCode, Is.EqualTo(404));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("No matching mapping found"));
    }

    [Test]
    public async Task ControlApi_AllocatesCaseAndServesItsJournal()
    {
        using var alloc = await _http.PostAsync("__conformance/cases", new StringContent("{\"scenario\":\"framing.plain\"}"));
        var created = JsonNode.Parse(await alloc.Content.ReadAsStringAsync())!;
        var baseUrl = created["baseUrl"]!.GetValue<string>();
        await _http.GetStringAsync(baseUrl + "/chat/completions");
        var caseId = created["caseId"]!.GetValue<string>();
        await _server.CompletedJournalAsync(caseId, TimeSpan.FromSeconds(5), CancellationToken.None);

        var journal = JsonNode.Parse(await _http.GetStringAsync($"__conformance/cases/{caseId}"))!;
        var response = journal["exchanges"]![0]!["response"]!;
        Assert.That(response["ended"]!.GetValue<string>(), Is.EqualTo("clean"));
        Assert.That(response["writes"]!.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public void Server_BindsLoopbackOnly()
    {
        Assert.That(_server.BaseUrl.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(_server.Port, Is.GreaterThan(0));
    }
}
