using System.Text;
using System.Text.Json;
using Conformance.Core.Dialects;
using Conformance.Core.Observations;

namespace Conformance.Core.Scoring;

/// <summary>
/// A message assembled from event objects the way a chat UI does: text, tool calls, reasoning, finish reason,
/// usage. The dialect says how one event adds to it (<see cref="IDialect.Assemble"/>). Used on both the expected
/// and the observed chunks, so the two are assembled by the same code.
/// </summary>
public sealed class Assembly(IDialect dialect)
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _reasoning = new();
    private readonly SortedDictionary<int, (string? Id, string? Name, StringBuilder Args)> _tools = [];
    private bool _hasReasoning;

    public string Text => _text.ToString();
    public string? Reasoning => _hasReasoning ? _reasoning.ToString() : null;
    public string? FinishReason { get; set; }
    public string? Usage { get; set; }

    /// <summary>Tool calls in order: the index as sent, or the position among tool calls (<see cref="IDialect.NumbersToolCallsByPosition"/>).</summary>
    public IReadOnlyList<ToolCallObservation> ToolCalls =>
        [.. _tools.Select((t, i) => new ToolCallObservation(dialect.NumbersToolCallsByPosition ? i : t.Key, t.Value.Id, t.Value.Name, t.Value.Args.ToString()))];

    public void Add(JsonElement chunk)
    {
        if (chunk.ValueKind == JsonValueKind.String) { _text.Append(chunk.GetString()); return; }
        if (chunk.ValueKind != JsonValueKind.Object) return;
        dialect.Assemble(chunk, this);
    }

    public void AppendText(string? text) => _text.Append(text);

    public void AppendReasoning(string? text)
    {
        _reasoning.Append(text);
        _hasReasoning = true;
    }

    /// <summary>Opens (or names) the tool call at <paramref name="key"/>: an id or name already set is kept.</summary>
    public void Tool(int key, string? id, string? name, bool replace = false)
    {
        if (replace || !_tools.TryGetValue(key, out var entry)) entry = (null, null, new StringBuilder());
        entry.Id ??= id;
        entry.Name ??= name;
        _tools[key] = entry;
    }

    public void AppendToolArguments(int key, string? fragment)
    {
        var entry = _tools.TryGetValue(key, out var e) ? e : (null, null, new StringBuilder());
        entry.Args.Append(fragment);
        _tools[key] = entry;
    }

    /// <summary>A string member of an object, or null.</summary>
    public static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
