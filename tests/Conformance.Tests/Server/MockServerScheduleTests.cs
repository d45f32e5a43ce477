using Conformance.Core.Wire;
using Conformance.Server.Hosting;
using Conformance.Tests.Support;

namespace Conformance.Tests.Server;

/// <summary>Writes go out at deadlines counted from the response start, and the journal records them against the compiled plan.</summary>
[TestFixture]
public sealed class MockServerScheduleTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private static readonly ResponsePlan Gapped = FakeScenarios.Stream(EndKind.Clean, 15, "data: 1\n\n", "data: 2\n\n", "data: 3\n\n", "data: 4\n\n");

    [Test]
    public async Task Writes_NeverPrecedeTheirDeadline_FromTheResponseStart()
    {
        await using var server = MockServer.Start(new MockServerOptions(), new FakeScenarios().Add("gapped", Gapped));
        var response = await RunAsync(server, "gapped");

        // Deadlines are the pauses added up (0, 15, 30, 45 ms); each write is sent at or after its own.
        Assert.That(response.Writes.Select(w => w.AtMs >= 15 * (w.Offset / 9) - 0.001), Is.All.True, string.Join(", ", response.Writes.Select(w => w.AtMs)));
        Assert.That(response.PlannedWrites, Is.EqualTo(4));
        Assert.That(response.ShortWrite, Is.Null);
    }

    [Test]
    public async Task Journal_WriteBytes_AreThePlansOwnArrays()
    {
        await using var server = MockServer.Start(new MockServerOptions(), new FakeScenarios().Add("gapped", Gapped));
        var response = await RunAsync(server, "gapped");

        var wire = Conformance.Server.Streaming.WirePlan.For(Gapped, TimeProvider.System);
        Assert.That(response.Writes.Select((w, i) => ReferenceEquals(w.Bytes, wire.Payloads[i])), Is.All.True, "the journal copies no bytes");
    }

    [Test]
    public async Task CompletedJournal_OnceSealed_IsTheSameRecordEachTime()
    {
        await using var server = MockServer.Start(new MockServerOptions(), new FakeScenarios().Add("gapped", Gapped));
        await RunAsync(server, "gapped");
        var caseId = server.Journal.All.Single().CaseId;

        // The writer seals the exchange just after the end (once its close watcher has stopped); from then on
        // a snapshot is built once and reused, however often the runner polls.
        var deadline = DateTime.UtcNow + Limit;
        object? previous = null, current = null;
        while (DateTime.UtcNow < deadline)
        {
            current = (await server.CompletedJournalAsync(caseId, Limit, CancellationToken.None))!.Exchanges.Single().Response;
            if (ReferenceEquals(previous, current)) break;
            previous = current;
            await Task.Delay(5);
        }
        Assert.That(current, Is.SameAs(previous));
    }

    private static async Task<Conformance.Core.Journal.JournalResponse> RunAsync(MockServer server, string scenario)
    {
        var handle = server.AllocateCase(scenario);
        await using (var client = await RawHttpClient.ConnectAsync(server.Port, CancellationToken.None))
        {
            await client.SendAsync("POST", $"/c/{handle.CaseId}/v1/chat/completions", "{\"stream\":true}");
            await client.ReadAsync(RawReads.EndsWithTerminator, Limit, CancellationToken.None);
        }
        var journal = await server.CompletedJournalAsync(handle.CaseId, Limit, CancellationToken.None);
        return journal!.Exchanges.Single().Response!;
    }
}
