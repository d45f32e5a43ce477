using System.Text.Json;
using System.Text.Json.Serialization;

namespace Conformance.Core.Journal;

/// <summary>The one JSON shape of journals (HTTP control API and reports): camelCase, enums as strings, bytes as base64.</summary>
public static class JournalJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
