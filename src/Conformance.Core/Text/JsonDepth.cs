using System.Text;
using System.Text.Json;

namespace Conformance.Core.Text;

/// <summary>
/// How deeply a JSON text nests, measured without building a tree (Utf8JsonReader is not recursive), so a
/// payload of 10,000 nested arrays costs a scan, never the harness's stack.
/// </summary>
public static class JsonDepth
{
    /// <summary>System.Text.Json's and Newtonsoft.Json's default MaxDepth: deeper text is refused by a default parser.</summary>
    public const int DefaultParserLimit = 64;

    /// <summary>The nesting depth of valid JSON text (a scalar is 0, <c>[]</c> is 1), or null when the text is not JSON.</summary>
    public static int? Of(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = int.MaxValue / 2 });
        var max = 0;
        try
        {
            while (reader.Read())
                if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject) max = Math.Max(max, reader.CurrentDepth + 1);
            return reader.BytesConsumed == bytes.Length || json.AsSpan((int)reader.BytesConsumed).IsWhiteSpace() ? max : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Valid JSON nested deeper than <see cref="DefaultParserLimit"/>.</summary>
    public static bool IsTooDeep(string json) => Of(json) is > DefaultParserLimit;
}
