using Conformance.Core.Scenarios;

namespace Conformance.Tests.Scenarios;

/// <summary>The validation that needs the compiled body: split offsets and afterBytes inside the bytes sent, every attempt compiled.</summary>
public sealed class CompileChecksTests
{
    private static IReadOnlyList<ScenarioError> Errors(string json) => ScenarioParser.Parse(json, "f.json").Errors;

    /// <summary>"abcdefghij" as one raw step: a 10-byte body.</summary>
    private static string TenBytes(string transport) => ScenarioJson.Stream("""{ "raw": "abcdefghij" }""", transport);

    [Test]
    public void Offsets_UnsortedAndPastTheEnd_BothReportedAtOnce_AtTheirIndex()
    {
        // The example: 3 after 5, and 999999 far past a 10-byte body.
        var errors = Errors(TenBytes("""{ "split": { "mode": "offsets", "at": [5, 3, 999999] } }"""));

        Assert.That(errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "f.json: $.responses[0].stream.transport.split.at[1]: offsets must be strictly increasing: 3 follows 5",
            "f.json: $.responses[0].stream.transport.split.at[2]: offset 999999 is not inside the body: it has 10 bytes, so offsets lie in 1..9",
        }));
    }

    [TestCase(9, true)]
    [TestCase(10, false)] // a cut at the very end cuts nothing
    [TestCase(11, false)]
    public void Offsets_MustLieInsideTheBody(int offset, bool valid)
    {
        var errors = Errors(TenBytes($$"""{ "split": { "mode": "offsets", "at": [{{offset}}] } }"""));
        Assert.That(errors, valid ? Is.Empty : Has.Count.EqualTo(1));
        if (!valid) Assert.That(errors[0].JsonPath, Is.EqualTo("$.responses[0].stream.transport.split.at[0]"));
    }

    [Test]
    public void Offsets_PastAfterBytes_AreErrors_BecauseThoseBytesAreNeverSent()
    {
        var errors = Errors(TenBytes("""{ "split": { "mode": "offsets", "at": [2, 6] }, "end": { "kind": "fin", "afterBytes": 4 } }"""));
        Assert.That(errors.Single().ToString(), Is.EqualTo(
            "f.json: $.responses[0].stream.transport.split.at[1]: offset 6 is past the bytes sent: 'end.afterBytes' sends 4 of the body's 10 bytes, so offsets lie in 1..3"));
    }

    [Test]
    public void Offsets_CountTheCompiledBody_NotTheEventText()
    {
        // { "content": "Hi" } compiles to a whole chat chunk line (well over 100 bytes), so offset 100 is inside it.
        var errors = Errors(ScenarioJson.Stream("""{ "content": "Hi" }""", """{ "split": { "mode": "offsets", "at": [100] } }"""));
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void AfterBytes_PastTheEnd_IsError_AndTheWholeBodyIsAllowed()
    {
        var past = Errors(TenBytes("""{ "end": { "kind": "reset", "afterBytes": 11 } }"""));
        Assert.That(past.Single().ToString(), Is.EqualTo(
            "f.json: $.responses[0].stream.transport.end.afterBytes: 11 is past the end of the body: it has 10 bytes, so afterBytes is at most 10"));
        Assert.That(Errors(TenBytes("""{ "end": { "kind": "reset", "afterBytes": 10 } }""")), Is.Empty);
    }

    [Test]
    public void EveryAttemptIsChecked_TheErrorNamesItsResponse()
    {
        var errors = Errors("""
            { "id": "retries.x", "title": "t", "description": "d", "rules": ["a.b"], "api": "openai-chat",
              "responses": [
                { "status": 500, "body": "x" },
                { "stream": { "events": [ { "raw": "abc" } ], "transport": { "split": { "mode": "offsets", "at": [1, 3] } } } }
              ] }
            """);
        Assert.That(errors.Single().JsonPath, Is.EqualTo("$.responses[1].stream.transport.split.at[1]"));
    }

    [Test]
    public void OtherErrors_SkipTheBodyChecks_RatherThanGuessAtAHalfParsedBody()
    {
        var errors = Errors(ScenarioJson.Stream("""{ "raw": "abc" }, { "bogus": 1 }""", """{ "split": { "mode": "offsets", "at": [99] } }"""));
        Assert.That(errors.Select(e => e.JsonPath), Has.None.Contains(".split.at"));
        Assert.That(errors, Is.Not.Empty);
    }
}
