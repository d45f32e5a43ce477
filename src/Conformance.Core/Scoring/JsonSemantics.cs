using System.Globalization;
using System.Text.Json;

namespace Conformance.Core.Scoring;

/// <summary>
/// When an event object a client yielded "is" the event the server sent (docs/adapter-protocol.md,
/// "Observation levels"): equality on JSON values, not text. Key order is irrelevant; <c>null</c> equals
/// absent; numbers compare by value; strings exactly. A member the client does not report is not a
/// difference (a typed SDK need not surface every field); a member it reports must equal the wire's,
/// and a member the wire did not carry must hold a default a typed SDK writes for it (<see cref="IsTypedDefault"/>).
/// Arrays compare element by element and must have the same length.
/// </summary>
public static partial class JsonSemantics
{
    public static bool Matches(JsonElement expected, JsonElement observed) => Difference(expected, observed) is null;

    /// <summary>Null when <paramref name="observed"/> matches; otherwise where and how it first differs ("$.choices[0].delta.content: …").</summary>
    public static string? Difference(JsonElement expected, JsonElement observed, string path = "$")
    {
        if (observed.ValueKind == JsonValueKind.Null) return null; // null ≡ absent: not reported
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object when observed.ValueKind == JsonValueKind.Object:
                foreach (var member in observed.EnumerateObject())
                {
                    var at = $"{path}.{member.Name}";
                    if (!expected.TryGetProperty(member.Name, out var wire))
                    {
                        if (IsTypedDefault(at, member.Value)) continue;
                        return $"{at}: the client reports {Show(member.Value)}, the event the server sent has no such member";
                    }
                    if (Difference(wire, member.Value, at) is { } d) return d;
                }
                return null;
            case JsonValueKind.Array when observed.ValueKind == JsonValueKind.Array:
                var e = expected.GetArrayLength();
                var o = observed.GetArrayLength();
                if (e != o) return $"{path}: {o} element(s), the server sent {e}";
                for (var i = 0; i < e; i++)
                    if (Difference(expected[i], observed[i], $"{path}[{i}]") is { } d) return d;
                return null;
            case JsonValueKind.Number when observed.ValueKind == JsonValueKind.Number:
                return SameNumber(expected, observed) ? null : $"{path}: {observed.GetRawText()}, the server sent {expected.GetRawText()}";
            case JsonValueKind.String when observed.ValueKind == JsonValueKind.String:
                return string.Equals(expected.GetString(), observed.GetString(), StringComparison.Ordinal)
                    ? null
                    : $"{path}: {Show(observed)}, the server sent {Show(expected)}";
            case JsonValueKind.True or JsonValueKind.False when observed.ValueKind == expected.ValueKind:
                return null;
            case JsonValueKind.Null:
                return IsEmpty(observed) ? null : $"{path}: the client reports {Show(observed)}, the server sent null";
            default:
                return $"{path}: the client reports {Kind(observed)} {Show(observed)}, the server sent {Kind(expected)} {Show(expected)}";
        }
    }

    /// <summary>
    /// What a typed SDK writes for a member the wire did not carry, so it is no claim about the stream: an
    /// empty value (<see cref="IsEmpty"/>), the zero value of a scalar type (<c>0</c>, <c>false</c>, <c>""</c>,
    /// and <c>-62135596800</c>, .NET's <c>DateTimeOffset.MinValue</c> in Unix seconds, which the OpenAI .NET SDK
    /// writes for a missing <c>created</c>), or a member whose only legal value the API defines (an OpenAI tool
    /// call's <c>"type": "function"</c>). Measured on the OpenAI .NET SDK 2.15 (clients/sdks/README.md).
    /// </summary>
    public static bool IsTypedDefault(string path, JsonElement value)
    {
        if (IsEmpty(value)) return true;
        switch (value.ValueKind)
        {
            case JsonValueKind.False:
                return true;
            case JsonValueKind.String:
                var s = value.GetString();
                return s!.Length == 0 || s == "function" && ToolCallType().IsMatch(path);
            case JsonValueKind.Number:
                return value.TryGetInt64(out var n) && n is 0 or DotnetMinDateUnixSeconds;
            default:
                return false;
        }
    }

    private const long DotnetMinDateUnixSeconds = -62135596800;

    [System.Text.RegularExpressions.GeneratedRegex(@"\.tool_calls\[\d+\]\.type$")]
    private static partial System.Text.RegularExpressions.Regex ToolCallType();

    /// <summary>null, [], {} (and objects of only empty members).</summary>
    public static bool IsEmpty(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => true,
        JsonValueKind.Array => e.GetArrayLength() == 0,
        JsonValueKind.Object => e.EnumerateObject().All(m => IsEmpty(m.Value)),
        _ => false,
    };

    private static bool SameNumber(JsonElement a, JsonElement b)
    {
        if (a.TryGetDecimal(out var x) && b.TryGetDecimal(out var y)) return x == y;
        return double.Parse(a.GetRawText(), CultureInfo.InvariantCulture).Equals(double.Parse(b.GetRawText(), CultureInfo.InvariantCulture));
    }

    private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();

    private static string Show(JsonElement e)
    {
        var raw = e.GetRawText();
        return raw.Length <= 80 ? raw : raw[..80] + "…";
    }
}
