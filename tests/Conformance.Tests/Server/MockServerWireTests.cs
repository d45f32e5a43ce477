using System.Net;
using System.Net.Sockets;
using System.Text;
using Conformance.Core.Wire;
using Conformance.Server.Hosting;
using Conformance.Tests.Support;

namespace Conformance.Tests.Server;

/// <summary>Byte-level truth: what the scenario says is split arrives split, and every end is real.</summary>
[TestFixture]
public sealed class MockServerWireTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private MockServer _server = null!;

    [SetUp]
    public void Start()
    {
        var scenarios = new FakeScenarios()
            .Add("split-e-acute", FakeScenarios.Stream(EndKind.Clean, 40,
                [.. "data: {\"c\":\""u8, 0xC3],
                [0xA9, .. "\"}\n\n"u8]))
            .Add("split-crlf", FakeScenarios.Stream(EndKind.Clean, 40, "data: {\"c\":1}\r", "\n\r\n"))
            .Add("reset", FakeScenarios.Stream(EndKind.Reset, 10, "data: {\"c\":1}\n\n", "data: {\"c\":"))
            .Add("fin", FakeScenarios.Stream(EndKind.Fin, 10, "data: {\"c\":1}\n\n", "data: {\"c\":"))
            .Add("clean", FakeScenarios.Stream(EndKind.Clean, 5, "data: {\"c\":1}\n\n", "data: [DONE]\n\n"))
            .Add("stall", FakeScenarios.Stream(EndKind.Stall, 5, "data: {\"c\":1}\n\n"))
            .Add("retry", FakeScenarios.Status(429, "{\"error\":{\"message\":\"slow down\"}}", ("Retry-After", "1")),
                FakeScenarios.Stream(EndKind.Clean, 0, "data: {\"c\":1}\n\n", "data: [DONE]\n\n"));
        _server = MockServer.Start(new MockServerOptions(), scenarios);
    }

    [TearDown]
    public async Task Stop() => await _server.DisposeAsync();

    private async Task<RawReads> PostRawAsync(string scenario, Func<byte[], bool>? until = null)
    {
        await using var client = await RawHttpClient.ConnectAsync(_server.Port, CancellationToken.None);
        await client.SendAsync("POST", $"/s/{scenario}/v1/chat/completions", "{\"stream\":true}");
        return await client.ReadAsync(until ?? RawReads.EndsWithTerminator, Limit, CancellationToken.None);
    }

    [Test]
    public async Task Split_InsideTwoByteChar_HalvesArriveInSeparateReads()
    {
        var reads = await PostRawAsync("split-e-acute");

        var first = reads.IndexOfReadContaining([0xC3]);
        var second = reads.IndexOfReadContaining([0xA9]);
        Assert.That(first, Is.GreaterThanOrEqualTo(0), "lead byte never arrived");
        Assert.That(second, Is.GreaterThan(first), "the continuation byte arrived in the same read as the lead byte");
    }

    [Test]
    public async Task Split_BetweenCrAndLf_CrAndLfArriveInSeparateReads()
    {
        var reads = await PostRawAsync("split-crlf");

        var withCr = reads.IndexOfReadContaining("1}\r"u8.ToArray());
        var withLf = reads.IndexOfReadContaining("3\r\n\n\r\n\r\n"u8.ToArray());
        Assert.That(withCr, Is.GreaterThanOrEqualTo(0));
        Assert.That(withLf, Is.GreaterThan(withCr));
        Assert.That(reads.Reads[withCr].AsSpan().EndsWith("1}\r\r\n"u8), Is.True, "CR must be the last payload byte of its chunk");
    }

    [Test]
    public async Task Reset_MidStream_SurfacesAsConnectionReset()
    {
        var reads = await PostRawAsync("reset", _ => false);

        Assert.That(reads.End, Is.EqualTo(RawEnd.Reset));
        Assert.That(reads.Error, Is.EqualTo(SocketError.ConnectionReset));
    }

    [Test]
    public async Task Fin_MidBody_SurfacesAsPrematureEnd()
    {
        var reads = await PostRawAsync("fin", _ => false);
        Assert.That(reads.End, Is.EqualTo(RawEnd.Fin), "raw socket must see an orderly FIN");
        Assert.That(RawReads.EndsWithTerminator(reads.All), Is.False, "a FIN mid-body has no terminating chunk");

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseUrl, "s/fin/v1/chat/completions")) { Content = new StringContent("{}") };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var ex = Assert.ThrowsAsync<HttpIOException>(async () => await body.CopyToAsync(Stream.Null));
        Assert.That(ex!.HttpRequestError, Is.EqualTo(HttpRequestError.ResponseEnded));
    }

    [Test]
    public async Task Clean_End_IsCompleteForHttpClient()
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(_server.BaseUrl, "s/clean/v1/chat/completions"), new StringContent("{}"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Is.EqualTo("data: {\"c\":1}\n\ndata: [DONE]\n\n"));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/event-stream"));
    }

    [Test]
    public async Task Attempts_429ThenStream_AreServedInOrderPerCase()
    {
        var handle = _server.AllocateCase("retry");
        using var http = new HttpClient();
        var url = new Uri(handle.BaseUrl + "/chat/completions");

        using var first = await http.PostAsync(url, new StringContent("{}"));
        using var second = await http.PostAsync(url, new StringContent("{}"));

        Assert.That((int)first.StatusCode, Is.EqualTo(429));
        Assert.That(first.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That((int)second.StatusCode, Is.EqualTo(200));
        var journal = await _server.CompletedJournalAsync(handle.CaseId, Limit, CancellationToken.None);
        Assert.That(journal!.Exchanges.Select(e => (e.Attempt, e.Response!.Status)), Is.EqualTo(new[] { (1, 429), (2, 200) }));
    }

    [Test]
    public async Task Journal_Transcript_EqualsBytesTheSocketRead()
    {
        var handle = _server.AllocateCase("split-e-acute");
        await using var client = await RawHttpClient.ConnectAsync(_server.Port, CancellationToken.None);
        await client.SendAsync("POST", $"/c/{handle.CaseId}/v1/chat/completions", "{\"stream\":true}");
        var reads = await client.ReadAsync(RawReads.EndsWithTerminator, Limit, CancellationToken.None);

        var journal = await _server.CompletedJournalAsync(handle.CaseId, Limit, CancellationToken.None);
        var response = journal!.Exchanges.Single().Response!;
        var transcript = new List<byte>(response.Head);
        foreach (var w in response.Writes) transcript.AddRange(Conformance.Server.Streaming.PlanWriter.Frame(response.Framing, w.Bytes).ToArray());
        transcript.AddRange("0\r\n\r\n"u8.ToArray());

        Assert.That(reads.All, Is.EqualTo(transcript.ToArray()));
        Assert.That(response.Ended, Is.EqualTo("clean"));
        Assert.That(response.Writes.Select(w => (w.Offset, w.Length)), Is.EqualTo(new[] { (0, 13), (13, 5) }));
        Assert.That(response.Writes[1].AtMs - response.Writes[0].AtMs, Is.GreaterThanOrEqualTo(30), "the delay between writes is recorded");
    }

    [Test]
    public async Task Stall_ClientThatGivesUp_IsRecordedAsClientClose()
    {
        var handle = _server.AllocateCase("stall");
        await using (var client = await RawHttpClient.ConnectAsync(_server.Port, CancellationToken.None))
        {
            await client.SendAsync("POST", $"/c/{handle.CaseId}/v1/chat/completions", "{}");
            await client.ReadAsync(all => all.AsSpan().IndexOf("\"c\":1"u8) >= 0, Limit, CancellationToken.None);
        }
        var journal = await _server.CompletedJournalAsync(handle.CaseId, Limit, CancellationToken.None);
        var response = journal!.Exchanges.Single().Response!;

        Assert.That(response.Complete, Is.True);
        Assert.That(response.ClientClosedAtMs, Is.Not.Null);
        Assert.That(response.ClientClosedAtMs, Is.LessThan(response.EndedAtMs + 1));
    }
}
