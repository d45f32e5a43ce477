using Conformance.Core.Rules;
using Conformance.Core.Scoring;
using static Conformance.Tests.Scoring.ReconnectCase;

namespace Conformance.Tests.Scoring;

/// <summary>The expectation of a reconnecting client, connection by connection (WHATWG EventSource processing model).</summary>
public sealed class ReconnectExpectationTests
{
    [Test]
    [Description("sse.reconnect.after-end, sse.reconnect.last-event-id")]
    public void EachConnection_StartsWithTheLastIdTheOnesBeforeItSet_UpToTheBudget()
    {
        var c = Of(2, null, Stream("retry: 200\nid: 1\ndata: a\n\nid: 2\ndata: b\n\n"), Stream("id: 3\ndata: c\n\n", """{ "kind": "fin" }"""), Stream("data: d\n\n"));
        Assert.That(c.Reconnection.Connections.Select(x => x.LastEventId), Is.EqualTo(new string?[] { null, "2", "3" }));
        Assert.That(c.Reconnection.Connections.Select(x => x.WaitMs), Is.EqualTo(new int?[] { null, 200, 200 }));
        Assert.That(c.Reconnection.Stop, Is.Null);
        Assert.That(c.Expectation.Attempts, Is.EqualTo(3));
        Assert.That(c.Expectation.Events.Select(e => (e.Data, e.Id, e.Attempt)), Is.EqualTo(new[] { ("a", "1", 1), ("b", "2", 1), ("c", "3", 2), ("d", "3", 3) }));
        Assert.That(c.Expectation.Undefined.Keys, Has.Member(ExpectationBuilder.ReconnectEventsAspect),
            "'d' dispatches on a reconnected stream before any id: its id depends on whether the buffer is carried over");
        Assert.That(c.Expectation.Undefined.Keys, Has.No.Member(ExpectationBuilder.LastEventIdAspect), "no request follows the third connection");
    }

    [Test]
    [Description("sse.id.nul-ignored, sse.id.empty-resets, sse.id.persists, sse.id.set-without-data")]
    public void TheLastEventIdString_FollowsTheIdField_AtBlankLines()
    {
        string? After(string body) => Of(1, null, Stream(body), Stream("id: 9\ndata: z\n\n")).Reconnection.Connections[1].LastEventId;
        Assert.That(After("id: 1\ndata: a\n\nid: 2\u0000x\ndata: b\n\n"), Is.EqualTo("1"), "an id with NUL is ignored");
        Assert.That(After("id: 1\ndata: a\n\nid\ndata: b\n\n"), Is.Null, "an empty id resets: no header");
        Assert.That(After("id: 1\ndata: a\n\ndata: b\n\n"), Is.EqualTo("1"), "an event without id keeps it");
        Assert.That(After("id: 1\ndata: a\n\nid: 2\n\n"), Is.EqualTo("2"), "an id alone still sets it at its blank line");
        Assert.That(After("id: 1\ndata: a\n\nid: 2\ndata: b\n"), Is.EqualTo("1"), "an event cut by the end of the body never sets it");
        Assert.That(After("data: a\n\n"), Is.Null, "no id yet: no header");
    }

    [Test]
    [Description("sse.retry.digits-only")]
    public void OnlyAsciiDigits_SetTheReconnectionTime_EvenInACutEvent()
    {
        int? Wait(string body) => Of(1, null, Stream(body, """{ "kind": "fin" }"""), Stream("data: z\n\n")).Reconnection.Connections[1].WaitMs;
        Assert.That(Wait("retry: 300\ndata: a\n\nretry: 20ms\nretry:  40\nretry: -5\nretry:\ndata: b\n\n"), Is.EqualTo(300));
        Assert.That(Wait("retry: 300\ndata: a\n\nretry: 150\ndata: cut\n"), Is.EqualTo(150), "a field is processed when its line ends, complete event or not");
        Assert.That(Wait("data: a\n\n"), Is.Null, "no retry: the client's own default, not judged");
    }

    [TestCase("""{ "status": 204, "framing": "content-length" }""", "HTTP 204 No Content")]
    [TestCase("""{ "status": 500, "body": "no" }""", "HTTP 500, not 200")]
    [TestCase("""{ "status": 201, "stream": { "events": [ { "sse": { "data": "x" } } ] } }""", "HTTP 201, not 200")]
    [TestCase("""{ "headers": { "Content-Type": "text/plain" }, "stream": { "events": [ { "sse": { "data": "x" } } ] } }""", "Content-Type 'text/plain', not text/event-stream")]
    [Description("sse.reconnect.204-stops, sse.reconnect.http-error-stops, sse.reconnect.content-type-stops")]
    public void AResponseThatFailsTheConnection_EndsTheConnections(string response, string why)
    {
        var c = Of(3, null, Stream("retry: 200\nid: 1\ndata: a\n\n"), response);
        Assert.That(c.Reconnection.Connections, Has.Count.EqualTo(2), "no request after it, whatever the budget");
        Assert.That(c.Reconnection.Stop?.Fails, Is.EqualTo(why));
        Assert.That(c.Reconnection.Stop!.Events, Is.Empty);
        Assert.That(c.Expectation.Events.Select(e => e.Data), Is.EqualTo(new[] { "a" }));
    }

    [Test]
    public void ACharsetParameter_DoesNotFailTheConnection()
    {
        var c = Of(1, null, Stream("data: a\n\n"), """{ "headers": { "Content-Type": "Text/Event-Stream; charset=utf-8" }, "stream": { "events": [ { "sse": { "data": "b" } } ] } }""");
        Assert.That(c.Reconnection.Stop, Is.Null);
        Assert.That(c.Expectation.Events.Select(e => e.Data), Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void WhereTheTwoReadingsOfTheBufferDiffer_TheLastEventIdIsUndefined()
    {
        // Connection 2 dispatches "b" without an id: carried over, the string stays 1; by the letter (a new buffer per
        // stream, initialized empty), dispatching "b" resets it, and request 3 would carry no header.
        var c = Of(2, null, Stream("retry: 200\nid: 1\ndata: a\n\n"), Stream("data: b\n\n"), Stream("data: c\n\n"));
        Assert.That(c.Reconnection.Connections[2].LastEventId, Is.EqualTo("1"), "the carried reading, Chromium's");
        Assert.That(c.Expectation.Undefined[ExpectationBuilder.LastEventIdAspect], Does.Contain("They must be initialized to the empty string"));
    }

    [Test]
    public void AProfileNotReadFromTheHtmlStandard_DoesNotDefineReconnection()
    {
        var c = Of(1, Profiles.Bastion, Stream("id: 1\ndata: a\n\n"), Stream("id: 2\ndata: b\n\n"));
        Assert.That(c.Expectation.Undefined[ExpectationBuilder.ReconnectAspect], Does.StartWith("profile 'bastion' does not define reconnection"));
        Assert.That(Of(1, Profiles.OpenAi, Stream("id: 1\ndata: a\n\n"), Stream("id: 2\ndata: b\n\n")).Expectation.Undefined, Is.Empty);
    }
}
