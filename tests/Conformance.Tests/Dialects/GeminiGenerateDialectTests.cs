using System.Text;
using System.Text.Json;
using Conformance.Core.Dialects;
using Conformance.Core.Scoring;
using Conformance.Core.Sse;
using Conformance.Core.Wire;

namespace Conformance.Tests.Dialects;

/// <summary>gemini-generate: what ends a stream (a finishReason, no terminator), the error chunk, assembly, and the JSON-array body without alt=sse.</summary>
[TestFixture]
public sealed class GeminiGenerateDialectTests
{
    private static readonly IDialect Gemini = DialectCatalog.GeminiGenerate;

    private const string TextChunk = """{"candidates":[{"content":{"parts":[{"text":"Hello"}],"role":"model"},"index":0}]}""";
    private const string FinishChunk = """{"candidates":[{"content":{"parts":[{"text":"!"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"totalTokenCount":8}}""";
    private const string ErrorChunk = """{"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}}""";

    private static SseEvent Ev(string data, int at = 0) => new("message", data, null, at);

    [Test]
    public void Catalogue_FindsItByName_AndByItsPath()
    {
        Assert.That(DialectCatalog.Find("gemini-generate"), Is.SameAs(Gemini));
        var hit = DialectCatalog.FromPath(["v1beta", "models", "gemini-2.5-flash:streamGenerateContent"]);
        Assert.That(hit?.Dialect, Is.SameAs(Gemini));
        Assert.That(hit?.Model, Is.EqualTo("gemini-2.5-flash"));
    }

    [Test]
    public void FinishReasonChunk_IsFinal_TextChunk_IsContent_BareError_IsError()
    {
        Assert.That(Gemini.Classify(Ev(TextChunk)), Is.EqualTo(EventRole.Content));
        Assert.That(Gemini.Classify(Ev(FinishChunk)), Is.EqualTo(EventRole.Final));
        Assert.That(Gemini.Classify(Ev(ErrorChunk)), Is.EqualTo(EventRole.Error));
        Assert.That(Gemini.Classify(Ev("keep-alive")), Is.EqualTo(EventRole.Content), "non-JSON data is the profile's to judge");
    }

    [Test]
    public void ErrorChunk_IsNamedByItsStatus()
    {
        Assert.That(Gemini.ErrorTypeOf(ErrorChunk), Is.EqualTo("UNAVAILABLE"));
    }

    [Test]
    public void StreamWithoutFinishReason_HasNoTermination_SoACleanEndIsEof()
    {
        var interp = StreamInterpretation.Interpret([Ev(TextChunk, 10), Ev(TextChunk, 20)], Gemini, Conformance.Core.Rules.Profiles.OpenAi);
        Assert.That(interp.Termination, Is.Null);
        Assert.That(Gemini.OutcomeWithoutTerminator(EndKind.Clean), Is.Null, "null = the generic eof: incomplete, never done");
    }

    [Test]
    public void StreamWithFinishReason_IsDone_AndWhatFollowsIsNotContent()
    {
        var interp = StreamInterpretation.Interpret([Ev(TextChunk, 10), Ev(FinishChunk, 20), Ev(TextChunk, 30)], Gemini, Conformance.Core.Rules.Profiles.OpenAi);
        Assert.That(interp.Termination, Is.EqualTo("done"));
        Assert.That(interp.Chunks, Has.Count.EqualTo(2));
        Assert.That(interp.Dropped.Select(d => d.Kind), Does.Contain(PhantomKinds.AfterTerminator));
    }

    [Test]
    public void Assemble_KeepsThoughtsApart_AndTakesFunctionCallsWhole()
    {
        var message = new Assembly(Gemini);
        foreach (var json in new[]
        {
            """{"candidates":[{"content":{"parts":[{"text":"think","thought":true,"thoughtSignature":"c2ln"}]},"index":0}]}""",
            """{"candidates":[{"content":{"parts":[{"text":"Checking."},{"functionCall":{"name":"get_weather","args":{"city":"Paris"}}}]},"index":0}]}""",
            """{"candidates":[{"content":{"parts":[{"functionCall":{"name":"get_time","args":{}}}]},"finishReason":"STOP","index":0}],"usageMetadata":{"totalTokenCount":8}}""",
        }) message.Add(JsonDocument.Parse(json).RootElement);
        Assert.That(message.Text, Is.EqualTo("Checking."));
        Assert.That(message.Reasoning, Is.EqualTo("think"));
        Assert.That(message.ToolCalls.Select(t => (t.Index, t.Name, t.Arguments)), Is.EqualTo(new[] { (0, (string?)"get_weather", """{"city":"Paris"}"""), (1, (string?)"get_time", "{}") }));
        Assert.That(message.FinishReason, Is.EqualTo("STOP"));
        Assert.That(message.Usage, Is.EqualTo("""{"totalTokenCount":8}"""));
    }

    private static ResponsePlan SsePlan(EndKind ending) => new()
    {
        Status = 200,
        Headers = [new("Content-Type", "text/event-stream; charset=utf-8")],
        Writes = [new(Encoding.UTF8.GetBytes($"data: {TextChunk}\r\n\r\n"), 0), new(Encoding.UTF8.GetBytes($"data: {FinishChunk}\r\n\r\n"), 40)],
        Ending = new ResponseEnding(ending),
    };

    [Test]
    public void WithAltSse_ThePlanIsAsWritten()
    {
        var plan = SsePlan(EndKind.Clean);
        Assert.That(Gemini.PlanFor(plan, "?alt=sse"), Is.SameAs(plan));
        Assert.That(Gemini.PlanFor(plan, "?key=k&alt=sse"), Is.SameAs(plan));
    }

    [Test]
    public void WithoutAltSse_TheBodyIsOneJsonArrayOfTheSameChunks_OneWriteEach()
    {
        var plan = Gemini.PlanFor(SsePlan(EndKind.Clean), "");
        Assert.That(plan.Headers.Single(h => h.Key == "Content-Type").Value, Does.StartWith("application/json"));
        var body = Encoding.UTF8.GetString(plan.Body());
        using var doc = JsonDocument.Parse(body);
        Assert.That(doc.RootElement.ValueKind, Is.EqualTo(JsonValueKind.Array));
        Assert.That(doc.RootElement.EnumerateArray().Select(e => e.GetRawText()), Is.EqualTo(new[] { TextChunk, FinishChunk }));
        Assert.That(plan.Writes.Select(w => w.DelayMs), Is.EqualTo(new[] { 0, 40, 0 }), "each chunk keeps the pause before the write that carried it");
    }

    [Test]
    public void WithoutAltSse_ACutBodyHasNoClosingBracket()
    {
        var body = Encoding.UTF8.GetString(Gemini.PlanFor(SsePlan(EndKind.Fin), "").Body());
        Assert.That(body, Does.StartWith("[").And.Not.EndWith("]"));
    }
}
