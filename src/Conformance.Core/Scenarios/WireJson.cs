using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Conformance.Core.Scenarios;

/// <summary>
/// Compact JSON as providers send it: non-ASCII stays raw UTF-8. Multi-byte splits need real
/// multi-byte characters on the wire, and even the relaxed encoder escapes some non-ASCII: characters
/// outside the BMP (emoji) as <c>\uD83D\uDE80</c>, and U+007F–U+009F, U+2028 and U+2029 as <c>\u2028</c>.
/// JSON allows all of them raw inside strings (it requires escapes only below U+0020) and a streaming
/// client must cope with them raw, so those escapes are turned back into the characters.
/// </summary>
internal static class WireJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(JsonNode? node)
    {
        var json = node?.ToJsonString(Options) ?? "null";
        return json.Contains("\\u", StringComparison.Ordinal) ? UnescapeNonAscii(json) : json;
    }

    /// <summary>
    /// Replaces <c>\uHHHH\uLLLL</c> surrogate-pair escapes by the pair and <c>\uXXXX</c> escapes of other
    /// non-ASCII characters (U+007F and up, not a lone surrogate) by the character; every other escape
    /// (control characters, quotes, backslashes) is copied as-is.
    /// </summary>
    internal static string UnescapeNonAscii(string json)
    {
        var sb = new StringBuilder(json.Length);
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (c != '\\' || i + 1 >= json.Length) { sb.Append(c); continue; }
            if (json[i + 1] == 'u' && i + 6 <= json.Length && TryHex(json.AsSpan(i + 2, 4), out var ch))
            {
                if (char.IsHighSurrogate(ch) && i + 12 <= json.Length && json[i + 6] == '\\' && json[i + 7] == 'u'
                    && TryHex(json.AsSpan(i + 8, 4), out var low) && char.IsLowSurrogate(low))
                {
                    sb.Append(ch).Append(low);
                    i += 11;
                    continue;
                }
                if (ch >= '\u007F' && !char.IsSurrogate(ch))
                {
                    sb.Append(ch);
                    i += 5;
                    continue;
                }
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
