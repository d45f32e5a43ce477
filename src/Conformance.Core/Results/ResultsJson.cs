using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Conformance.Core.Results;

/// <summary>The one JSON shape of results.json: camelCase, enums as kebab-case strings, bytes as base64.</summary>
public static class ResultsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>results.json is written without indentation: on the bundled run indentation alone was a third of the file (jq and any viewer re-indent).</summary>
    public static JsonSerializerOptions FileOptions { get; } = new(Options) { WriteIndented = false };

    /// <summary>results.json, schema <see cref="RunResult.CurrentSchema"/>: shared expectations and bodies kept once (<see cref="ResultsDocument"/>).</summary>
    public static string Serialize(RunResult run) => JsonSerializer.Serialize(ResultsDocument.From(run), FileOptions);

    /// <summary>Reads results.json of schema 2, or 1 (each case whole); another schema is a <see cref="JsonException"/> that names it.</summary>
    public static RunResult Deserialize(string json)
    {
        var schema = JsonSerializer.Deserialize<SchemaOnly>(json, Options)?.Schema ?? throw new JsonException("results.json is empty");
        return schema switch
        {
            RunResult.CurrentSchema => ResultsDocument.ToRun(JsonSerializer.Deserialize<ResultsDocument.Document>(json, Options)!),
            RunResult.SchemaV1 => JsonSerializer.Deserialize<RunResult>(json, Options)!,
            _ => throw new JsonException($"results.json has schema '{schema}'; this tool reads {RunResult.CurrentSchema} and {RunResult.SchemaV1}"),
        };
    }

    private sealed record SchemaOnly(string? Schema);
}
