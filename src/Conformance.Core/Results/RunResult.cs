using Conformance.Core.Rules;

namespace Conformance.Core.Results;

/// <summary>
/// One run: the document every report is rendered from (results.json). Its shape is versioned by
/// <see cref="Schema"/>; see docs/results-format.md.
/// </summary>
public sealed record RunResult
{
    public const string CurrentSchema = "conformance-results/2";

    /// <summary>The first schema: every case carried its expectation and every write its bytes (still read).</summary>
    public const string SchemaV1 = "conformance-results/1";

    public string Schema { get; init; } = CurrentSchema;
    /// <summary>The tool that wrote the run (null in runs written before it was recorded).</summary>
    public ToolInfo? Tool { get; init; }
    /// <summary>The catalogues the run was scored on (null when the caller did not say).</summary>
    public CatalogueInfo? Catalogue { get; init; }
    /// <summary>The part of a sharded run (<c>--shard</c>) this is; null for a whole run or a merged one.</summary>
    public ShardInfo? Shard { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required double DurationMs { get; init; }
    /// <summary>The run was interrupted (SIGINT / SIGTERM): <see cref="Cases"/> holds only the cases that finished. Written only when true.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool Interrupted { get; init; }
    public required IReadOnlyList<ClientInfo> Clients { get; init; }
    /// <summary>The rules the cases were scored on (id, sentence, level, source).</summary>
    public required IReadOnlyList<Rule> Rules { get; init; }
    [System.Text.Json.Serialization.JsonPropertyOrder(1)] // after the index: the index is the part a reader looks at first
    public required IReadOnlyList<CaseResult> Cases { get; init; }

    /// <summary>Client → scenario id → rule id → verdict, derived from <see cref="Cases"/> (written to results.json, ignored on reading).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, Scoring.Verdict>>> Index => ResultsIndex.Build(this);
}
