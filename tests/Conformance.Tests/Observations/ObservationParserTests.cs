using System.Text.Json;
using Conformance.Core.Observations;

namespace Conformance.Tests.Observations;

/// <summary>
/// One JSON Lines observation per line (docs/adapter-protocol.md, "Output: JSON Lines on stdout"): every type, and
/// every way a line is an adapter fault — returned as a message, never thrown.
/// </summary>
[TestFixture]
public sealed class ObservationParserTests
{
    private static Observation Ok(string line, double atMs = 12.5)
    {
        var (observation, fault) = ObservationParser.Parse(line, atMs);
        Assert.That(fault, Is.Null);
        Assert.That(observation, Is.Not.Null);
        Assert.That(observation!.AtMs, Is.EqualTo(atMs), "AtMs is when the runner received the line");
        return observation;
    }

    private static string Fault(string line)
    {
        var (observation, fault) = ObservationParser.Parse(line, 0);
        Assert.That(observation, Is.Null);
        Assert.That(fault, Is.Not.Null.And.Not.Empty);
        return fault!;
    }

    // ---- chunk ---------------------------------------------------------------------------------------------

    [Test]
    public void Chunk_ObjectData_IsKeptAsTheClientYieldedIt()
    {
        var chunk = (ChunkObservation)Ok("""{"type":"chunk","data":{"choices":[{"delta":{"content":"Hé"}}],"n":1.0}}""");
        Assert.That(chunk.Data.ValueKind, Is.EqualTo(JsonValueKind.Object));
        Assert.That(chunk.Data.GetRawText(), Is.EqualTo("""{"choices":[{"delta":{"content":"Hé"}}],"n":1.0}"""));
    }

    [Test]
    public void Chunk_StringData_IsATextToken()
    {
        // "A client that yields something that is not an object (a string token) reports {"type":"chunk","data":"token"}".
        var chunk = (ChunkObservation)Ok("""{"type":"chunk","data":"Hel"}""");
        Assert.That(chunk.Data.GetString(), Is.EqualTo("Hel"));
    }

    [Test]
    public void Chunk_DataOutlivesTheParsedDocument()
    {
        // The element is cloned out of the JsonDocument the parser disposes: reading it later must not throw.
        var chunk = (ChunkObservation)Ok("""{"type":"chunk","data":{"a":[1,2,3]}}""");
        GC.Collect();
        Assert.That(chunk.Data.GetProperty("a").GetArrayLength(), Is.EqualTo(3));
    }

    [Test]
    public void Chunk_WithoutData_IsAFault()
    {
        Assert.That(Fault("""{"type":"chunk"}"""), Is.EqualTo("chunk observation without \"data\""));
    }

    [Test]
    public void Chunk_NullData_IsKept_AsANullElement()
    {
        // "data": null is present (a client that yields null): scored as a chunk, not a contract fault.
        Assert.That(((ChunkObservation)Ok("""{"type":"chunk","data":null}""")).Data.ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    // ---- error ---------------------------------------------------------------------------------------------

    [TestCase("http")]
    [TestCase("api")]
    [TestCase("network")]
    [TestCase("timeout")]
    [TestCase("abort")]
    [TestCase("parse")]
    [TestCase("other")]
    public void Error_EveryContractKind_IsAccepted(string kind)
    {
        var error = (ErrorObservation)Ok($$"""{"type":"error","kind":"{{kind}}","message":"m"}""");
        Assert.That(error, Is.EqualTo(new ErrorObservation(kind, null, "m") { AtMs = 12.5 }));
    }

    [Test]
    public void Error_KindsAreExactlyTheContractsSeven()
    {
        Assert.That(ObservationParser.ErrorKinds, Is.EquivalentTo(new[] { "http", "api", "network", "timeout", "abort", "parse", "other" }));
    }

    [Test]
    public void Error_WithStatus_ParsesTheStatus()
    {
        var error = (ErrorObservation)Ok("""{"type":"error","kind":"http","status":429,"message":"Too Many Requests"}""");
        Assert.That(error.Status, Is.EqualTo(429));
        Assert.That(error.Message, Is.EqualTo("Too Many Requests"));
    }

    [Test]
    public void Error_WithErrorType_ParsesTheProvidersName_AndWithoutIt_IsNull()
    {
        Assert.That(((ErrorObservation)Ok("""{"type":"error","kind":"api","message":"Overloaded","error_type":"overloaded_error"}""")).ErrorType, Is.EqualTo("overloaded_error"));
        Assert.That(((ErrorObservation)Ok("""{"type":"error","kind":"api","message":"Overloaded"}""")).ErrorType, Is.Null);
        Assert.That(((ErrorObservation)Ok("""{"type":"error","kind":"api","error_type":7}""")).ErrorType, Is.Null, "a type that is not a string is not reported");
    }

    [TestCase("\"429\"", TestName = "Error_StatusAsString_IsNoStatus")]
    [TestCase("429.5", TestName = "Error_StatusNotAnInteger_IsNoStatus")]
    [TestCase("null", TestName = "Error_StatusNull_IsNoStatus")]
    [TestCase("99999999999", TestName = "Error_StatusOutOfRange_IsNoStatus")]
    public void Error_StatusThatIsNotAnInt32Number_IsIgnored_NotAFault(string status)
    {
        Assert.That(((ErrorObservation)Ok($$"""{"type":"error","kind":"http","status":{{status}}}""")).Status, Is.Null);
    }

    [Test]
    public void Error_WithoutKind_IsOther_WithoutMessage_IsNull()
    {
        Assert.That(Ok("""{"type":"error"}"""), Is.EqualTo(new ErrorObservation("other", null, null) { AtMs = 12.5 }));
    }

    [Test]
    public void Error_UnknownKind_IsAFault_ListingTheKnownKinds()
    {
        Assert.That(Fault("""{"type":"error","kind":"boom"}"""),
            Is.EqualTo("error observation with unknown kind \"boom\" (expected one of http, api, network, timeout, abort, parse, other)"));
    }

    [Test]
    public void Error_KindIsCaseSensitive()
    {
        Assert.That(Fault("""{"type":"error","kind":"HTTP"}"""), Does.StartWith("error observation with unknown kind \"HTTP\""));
    }

    // ---- retry ---------------------------------------------------------------------------------------------

    [Test]
    public void Retry_WithAttempt()
    {
        Assert.That(Ok("""{"type":"retry","attempt":2}"""), Is.EqualTo(new RetryObservation(2) { AtMs = 12.5 }));
    }

    [TestCase("""{"type":"retry"}""", TestName = "Retry_WithoutAttempt_IsAttemptZero")]
    [TestCase("""{"type":"retry","attempt":"2"}""", TestName = "Retry_AttemptAsString_IsAttemptZero")]
    public void Retry_WithoutANumericAttempt_IsStillARetry(string line)
    {
        // The attempt number is optional evidence; the retry itself is what the rules count.
        Assert.That(Ok(line), Is.EqualTo(new RetryObservation(0) { AtMs = 12.5 }));
    }

    // ---- message -------------------------------------------------------------------------------------------

    [Test]
    public void Message_EveryField()
    {
        var m = (MessageObservation)Ok("""
            {"type":"message","content":"Hello","reasoning":"think","finish_reason":"stop",
             "tool_calls":[{"index":0,"id":"call_1","name":"get","arguments":"{}"}],"usage":{"total_tokens":3}}
            """.ReplaceLineEndings(""));
        Assert.That(m.Content, Is.EqualTo("Hello"));
        Assert.That(m.Reasoning, Is.EqualTo("think"));
        Assert.That(m.FinishReason, Is.EqualTo("stop"));
        Assert.That(m.ToolCalls, Is.EqualTo(new[] { new ToolCallObservation(0, "call_1", "get", "{}") }));
        Assert.That(m.Usage?.GetProperty("total_tokens").GetInt32(), Is.EqualTo(3));
    }

    [Test]
    public void Message_Empty_HasNoFields()
    {
        var m = (MessageObservation)Ok("""{"type":"message"}""");
        Assert.That(new object?[] { m.Content, m.ToolCalls, m.Reasoning, m.FinishReason, m.Usage }, Is.All.Null);
    }

    [TestCase("finish_reason", TestName = "Message_FinishReason_SnakeCase")]
    [TestCase("finishReason", TestName = "Message_FinishReason_CamelCaseAlias")]
    [TestCase("stop_reason", TestName = "Message_FinishReason_AnthropicStopReasonAlias")]
    public void Message_FinishReason_AcceptsEachSdkSpelling(string name)
    {
        Assert.That(((MessageObservation)Ok($$"""{"type":"message","{{name}}":"length"}""")).FinishReason, Is.EqualTo("length"));
    }

    [Test]
    public void Message_FinishReason_SnakeCaseWinsOverTheAliases()
    {
        Assert.That(((MessageObservation)Ok("""{"type":"message","stop_reason":"end_turn","finishReason":"b","finish_reason":"stop"}""")).FinishReason,
            Is.EqualTo("stop"));
        Assert.That(((MessageObservation)Ok("""{"type":"message","stop_reason":"end_turn","finishReason":"b"}""")).FinishReason,
            Is.EqualTo("b"));
    }

    [Test]
    public void Message_ToolCalls_OpenAiShapeWithFunctionObject_IsFlattened()
    {
        // An SDK's own message object: [{"id","type":"function","function":{"name","arguments"}}].
        var m = (MessageObservation)Ok("""
            {"type":"message","tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"b","arguments":"{\"x\":1}"}},
            {"id":"call_c","function":{"name":"c","arguments":""}}]}
            """.ReplaceLineEndings(""));
        Assert.That(m.ToolCalls, Is.EqualTo(new[]
        {
            new ToolCallObservation(1, "call_b", "b", "{\"x\":1}"),
            new ToolCallObservation(1, "call_c", "c", ""), // no index: its position in the array
        }));
    }

    [Test]
    public void Message_ToolCalls_FlatFieldsWinOverFunction()
    {
        var m = (MessageObservation)Ok("""{"type":"message","tool_calls":[{"name":"flat","arguments":"1","function":{"name":"nested","arguments":"2"}}]}""");
        Assert.That(m.ToolCalls, Is.EqualTo(new[] { new ToolCallObservation(0, null, "flat", "1") }));
    }

    [Test]
    public void Message_ToolCalls_NonObjectsAreSkipped_AndANonArrayIsNone()
    {
        Assert.That(((MessageObservation)Ok("""{"type":"message","tool_calls":[1,"x",{"id":"a"}]}""")).ToolCalls,
            Is.EqualTo(new[] { new ToolCallObservation(0, "a", null, null) }));
        Assert.That(((MessageObservation)Ok("""{"type":"message","tool_calls":{"id":"a"}}""")).ToolCalls, Is.Null);
    }

    [Test]
    public void Message_NonStringTextFields_AndNonObjectUsage_AreAbsent()
    {
        var m = (MessageObservation)Ok("""{"type":"message","content":null,"reasoning":5,"finish_reason":["stop"],"usage":"3 tokens"}""");
        Assert.That(new object?[] { m.Content, m.Reasoning, m.FinishReason, m.Usage }, Is.All.Null);
    }

    // ---- end -----------------------------------------------------------------------------------------------

    [TestCase("done")]
    [TestCase("eof")]
    [TestCase("cancelled")]
    public void End_EveryContractReason_IsAccepted(string reason)
    {
        Assert.That(Ok($$"""{"type":"end","reason":"{{reason}}"}"""), Is.EqualTo(new EndObservation(reason) { AtMs = 12.5 }));
    }

    [TestCase("""{"type":"end","reason":"finished"}""", "finished", TestName = "End_UnknownReason_IsAFault")]
    [TestCase("""{"type":"end"}""", "", TestName = "End_WithoutReason_IsAFault")]
    [TestCase("""{"type":"end","reason":"canceled"}""", "canceled", TestName = "End_AmericanSpellingOfCancelled_IsAFault")]
    public void End_ReasonOutsideTheContract_IsAFault(string line, string reason)
    {
        Assert.That(Fault(line), Is.EqualTo($"end observation with unknown reason \"{reason}\" (expected done, eof or cancelled)"));
    }

    // ---- lines that are not observations -------------------------------------------------------------------

    [TestCase("hello", TestName = "NotJson_Word")]
    [TestCase("{\"type\":\"chunk\",", TestName = "NotJson_TruncatedObject")]
    [TestCase("{'type':'end'}", TestName = "NotJson_SingleQuotes")]
    [TestCase("{\"type\":\"end\",\"reason\":\"done\"} trailing", TestName = "NotJson_TrailingText")]
    public void NotJson_IsAFault_NamingTheLine(string line)
    {
        var fault = Fault(line);
        Assert.That(fault, Does.StartWith("stdout line is not JSON ("));
        Assert.That(fault, Does.EndWith(": " + line));
    }

    [Test]
    public void NotJson_ALongLine_IsQuotedTruncated()
    {
        var line = "x" + new string('y', 1000);
        var fault = Fault(line);
        Assert.That(fault, Does.EndWith(": x" + new string('y', 199) + "…"));
    }

    [TestCase("[1,2]", TestName = "NotAnObject_Array")]
    [TestCase("\"chunk\"", TestName = "NotAnObject_String")]
    [TestCase("42", TestName = "NotAnObject_Number")]
    [TestCase("null", TestName = "NotAnObject_Null")]
    public void NotAnObject_IsAFault(string line)
    {
        Assert.That(Fault(line), Is.EqualTo($"stdout line is not a JSON object: {line}"));
    }

    [TestCase("""{"type":"delta","data":{}}""", "delta", TestName = "UnknownType_IsAFault")]
    [TestCase("""{"type":"Chunk","data":{}}""", "Chunk", TestName = "UnknownType_TypeIsCaseSensitive")]
    [TestCase("""{"data":{}}""", "", TestName = "UnknownType_MissingType_IsAFault")]
    [TestCase("""{"type":1}""", "", TestName = "UnknownType_NonStringType_IsAFault")]
    public void UnknownType_IsAFault_NamingTheTypeAndTheLine(string line, string type)
    {
        Assert.That(Fault(line), Is.EqualTo($"unknown observation type \"{type}\": {line}"));
    }
}
