using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Conformance.Core.Scenarios;

/// <summary>
/// Compact JSON as providers send it: non-ASCII stays raw UTF-8. Multi-byte splits need real
/// multi-byte characters on the wire, and even the relaxed encoder escapes characters outside the
/// BMP (emoji) as <c>\uD83D\uDE80</c>, so those escapes are turned back into the characters.
/// </summary>
internal static class WireJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(JsonNode? node)
    {
        var json = node?.ToJsonString(Options) ?? "null";
        return json.Contains("\\uD", StringComparison.OrdinalIgnoreCase) ? UnescapeSurrogatePairs(json) : json;
    }

    /// <summary>Replaces <c>\uHHHH\uLLLL</c> surrogate-pair escapes by the pair; every other escape is copied as-is.</summary>
    internal static string UnescapeSurrogatePairs(string json)
    {
        var sb = new StringBuilder(json.Length);
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (c != '\\' || i + 1 >= json.Length) { sb.Append(c); continue; }
            if (json[i + 1] == 'u' && i + 12 <= json.Length
                && TryHex(json.AsSpan(i + 2, 4), out var high) && char.IsHighSurrogate(high)
                && json[i + 6] == '\\' && json[i + 7] == 'u'
                && TryHex(json.AsSpan(i + 8, 4), out var low) && char.IsLowSurrogate(low))
            {
                sb.Append(high).Append(low);
                i += 11;
                continue;
            }
            // Any other escape: copy the backslash and the escaped character, so "\\uD83D" stays literal text.
            sb.Append(c).Append(json[i + 1]);
            i++;
        }
        return sb.ToString();
    }

    private static bool TryHex(ReadOnlySpan<char> hex, out char value)
    {
        var ok = ushort.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var number);
        value = (char)number;
        return ok;
    }
}
