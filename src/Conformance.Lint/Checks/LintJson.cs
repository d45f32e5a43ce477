using System.Text.Json;

namespace Conformance.Lint.Checks;

/// <summary>How every lint dialect reads a data payload: one JSON object, or null for anything else (a verdict, not an exception).</summary>
public static class LintJson
{
    public static JsonElement? Object(string data)
    {
        try
        {
            using var doc = JsonDocument.Parse(data);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (JsonException) { return null; }
    }
}
