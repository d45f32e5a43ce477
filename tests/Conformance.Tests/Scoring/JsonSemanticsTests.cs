using System.Text.Json;
using Conformance.Core.Scoring;

namespace Conformance.Tests.Scoring;

/// <summary>docs/adapter-protocol.md "Observation levels": chunk equality on JSON values.</summary>
public sealed class JsonSemanticsTests
{
    private static JsonElement J(string json) => JsonDocument.Parse(json).RootElement;

    [TestCase("""{"a":1,"b":"x"}""", """{"b":"x","a":1}""", TestName = "KeyOrder_IsIrrelevant")]
    [TestCase("""{"finish_reason":null,"x":1}""", """{"x":1}""", TestName = "NullOnTheWire_EqualsAbsent")]
    [TestCase("""{"x":1}""", """{"x":1,"finish_reason":null}""", TestName = "NullReported_EqualsAbsentOnTheWire")]
    [TestCase("""{"n":1}""", """{"n":1.0}""", TestName = "Numbers_CompareByValue_1_and_1point0")]
    [TestCase("""{"n":100}""", """{"n":1e2}""", TestName = "Numbers_CompareByValue_Exponent")]
    [TestCase("""{"a":1,"b":{"c":2}}""", """{"a":1}""", TestName = "MemberNotReported_IsNotADifference")]
    [TestCase("""{"a":1}""", """{"a":1,"tool_calls":[],"extra":{}}""", TestName = "EmptyDefaultsTheWireDidNotCarry_AreNotADifference")]
    [TestCase("""{"choices":[{"delta":{"content":"é"}}]}""", """{"choices":[{"delta":{"content":"é"}}]}""", TestName = "NestedArraysAndStrings_Equal")]
    [TestCase("""{"choices":[]}""", """{"choices":[],"created":-62135596800,"id":null}""", TestName = "DotnetDefaultsForMissingMembers_AreNotADifference")]
    [TestCase("""{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{"}}]}}]}""", """{"choices":[{"delta":{"tool_calls":[{"index":0,"type":"function","function":{"arguments":"{"}}]}}]}""", TestName = "ToolCallTypeFunction_TheOnlyTypeTheApiDefines_IsNotADifference")]
    public void Matches(string wire, string observed) =>
        Assert.That(JsonSemantics.Difference(J(wire), J(observed)), Is.Null);

    [TestCase("""{"c":"é"}""", """{"c":"\uFFFD"}""", "$.c", TestName = "String_DiffersCodePointForCodePoint")]
    [TestCase("""{"a":1}""", """{"a":1,"b":2}""", "$.b", TestName = "ReportedMemberTheWireDidNotCarry_IsADifference")]
    [TestCase("""{"a":1}""", """{"a":1,"type":"function"}""", "$.type", TestName = "TypeFunction_OutsideAToolCall_IsADifference")]
    [TestCase("""{"a":[1,2]}""", """{"a":[1]}""", "$.a", TestName = "Arrays_MustHaveTheSameLength")]
    [TestCase("""{"a":[{"x":1},{"x":2}]}""", """{"a":[{"x":1},{"x":3}]}""", "$.a[1].x", TestName = "Arrays_CompareElementByElement")]
    [TestCase("""{"n":1}""", """{"n":"1"}""", "$.n", TestName = "NumberAndString_Differ")]
    [TestCase("""{"n":null}""", """{"n":0}""", "$.n", TestName = "WireNull_AndReportedValue_Differ")]
    public void Differs(string wire, string observed, string path)
    {
        var difference = JsonSemantics.Difference(J(wire), J(observed));
        Assert.That(difference, Does.StartWith(path + ":"), difference);
    }

    [Test]
    public void OpenAiDotnetSdkStyle_DroppedNullsAndUnsurfacedFields_MatchTheWireChunk()
    {
        var wire = """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1735689600,"model":"m","system_fingerprint":null,"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}""";
        var sdk = """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1735689600,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}""";
        Assert.That(JsonSemantics.Matches(J(wire), J(sdk)), Is.True);
    }
}

/// <summary>What the OpenAI .NET SDK 2.15's ModelReaderWriter wrote back for real wire chunks (clients/sdks/README.md), against those chunks.</summary>
public sealed class OpenAiDotnetRoundTripTests
{
    private static JsonElement J(string json) => JsonDocument.Parse(json).RootElement;

    [TestCase(
        """{"id":"chatcmpl-ddb1","object":"chat.completion.chunk","created":1735689600,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""",
        """{"id":"chatcmpl-ddb1","choices":[{"delta":{"content":"","role":"assistant"},"index":0}],"created":1735689600,"model":"m","object":"chat.completion.chunk"}""",
        TestName = "RoleChunk_ReorderedAndNullFinishReasonDropped")]
    [TestCase(
        """{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":3,"total_tokens":13}}""",
        """{"id":"c","choices":[],"created":1,"model":"m","object":"chat.completion.chunk","usage":{"completion_tokens":3,"prompt_tokens":10,"total_tokens":13}}""",
        TestName = "UsageChunk_KeysAlphabetical")]
    [TestCase(
        """{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"lo"}}]},"finish_reason":null}]}""",
        """{"id":"c","choices":[{"delta":{"tool_calls":[{"index":0,"type":"function","function":{"arguments":"{\"lo"}}]},"index":0}],"created":1,"model":"m","object":"chat.completion.chunk"}""",
        TestName = "ToolCallFragment_TypeFunctionAdded")]
    [TestCase(
        """{"choices":[{"index":0,"delta":{"content":"Hi!"},"finish_reason":"stop"}]}""",
        """{"id":null,"choices":[{"delta":{"content":"Hi!"},"finish_reason":"stop","index":0}],"created":-62135596800,"model":null,"object":null}""",
        TestName = "MinimalChunk_DefaultsForMissingMembers")]
    public void TheSdksJson_EqualsTheWireChunk(string wire, string sdk) =>
        Assert.That(JsonSemantics.Difference(J(wire), J(sdk)), Is.Null);
}
