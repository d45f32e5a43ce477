using System.Text;
using Conformance.Core.Wire;
using Conformance.Server.Hosting;
using Conformance.Tests.Support;

namespace Conformance.Tests.Server;

/// <summary>The server holds up when clients misbehave. Bounded: a fixed number of loopback streams, each with a deadline.</summary>
[TestFixture]
public sealed class MockServerLoadTests
{
    [Test]
    public async Task ManyStreams_HalfAbortingSomeNeverReading_ServerKeepsServingWithCompleteJournals()
    {
        const int streams = 300, neverRead = 30;
        var events = Enumerable.Range(0, 40).Select(i => $"data: {{\"i\":{i},\"pad\":\"{new string('x', 2000)}\"}}\n\n").ToArray();
        var scenarios = new FakeScenarios().Add("load", FakeScenarios.Stream(EndKind.Clean, 5, events));
        await using var server = MockServer.Start(new MockServerOptions(), scenarios);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var handles = Enumerable.Range(0, streams).Select(_ => server.AllocateCase("load")).ToArray();
        var tasks = handles.Select((h, i) => RunClientAsync(server.Port, h.CaseId, i, neverRead, deadline.Token)).ToArray();
        var outcomes = await Task.WhenAll(tasks);

        // Still serving after the storm.
        using var http = new HttpClient();
        var after = await http.GetStringAsync(new Uri(server.BaseUrl, "s/load/v1/chat/completions"), deadline.Token);
        Assert.That(after, Does.EndWith(events[^1]));

        Assert.That(outcomes.Count(o => o == "complete"), Is.EqualTo((streams - neverRead) / 2), "every well-behaved client read its whole stream");
        foreach (var c in server.Journal.All)
        {
            var journal = await server.CompletedJournalAsync(c.CaseId, TimeSpan.FromSeconds(10), deadline.Token);
            Assert.That(journal!.Exchanges.All(e => e.Response is { Complete: true }), Is.True, $"case {c.CaseId} has an incomplete journal entry");
        }
        GC.Collect();
        var grownMb = (GC.GetTotalMemory(forceFullCollection: true) - before) / (1024.0 * 1024.0);
        TestContext.Out.WriteLine($"managed memory growth after {streams} streams: {grownMb:F1} MiB");
        Assert.That(grownMb, Is.LessThan(150), "memory stays bounded");
    }

    private static async Task<string> RunClientAsync(int port, string caseId, int i, int neverRead, CancellationToken ct)
    {
        await using var client = await RawHttpClient.ConnectAsync(port, ct);
        await client.SendAsync("POST", $"/c/{caseId}/v1/chat/completions", "{\"stream\":true}");
        if (i < neverRead)
        {
            // Never reads a byte; leaves after a while. The server must not hang on it.
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            return "never-read";
        }
        if (i % 2 == 0)
        {
            // Aborts mid-stream, after a few events.
            await client.ReadAsync(all => Encoding.ASCII.GetString(all).Contains("\"i\":5,"), TimeSpan.FromSeconds(20), ct);
            client.Socket.LingerState = new System.Net.Sockets.LingerOption(true, 0);
            return "aborted";
        }
        var reads = await client.ReadAsync(RawReads.EndsWithTerminator, TimeSpan.FromSeconds(30), ct);
        return reads.End == RawEnd.Satisfied ? "complete" : reads.End.ToString();
    }
}
