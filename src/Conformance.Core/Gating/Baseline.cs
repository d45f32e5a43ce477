using System.Text.Json;
using System.Text.Json.Serialization;
using Conformance.Core.Results;
using Conformance.Core.Scoring;

namespace Conformance.Core.Gating;

/// <summary>
/// known-failures.json: case × rule pairs expected to fail, each with a reason. Listed failures are
/// reported but do not fail the run; a listed pair that now passes is stale (exit 2).
/// Shape: <c>{"version":1,"entries":[{"client":"…","case":"&lt;scenario id&gt;","rule":"…","reason":"…"}]}</c>.
/// </summary>
public sealed record Baseline
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public required IReadOnlyList<BaselineEntry> Entries { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static Baseline Empty { get; } = new() { Entries = [] };

    /// <summary>Reads and validates a baseline; every problem is collected into one <see cref="BaselineFormatException"/>.</summary>
    public static Baseline Load(string path) => Parse(File.ReadAllText(path), path);

    public static Baseline Parse(string json, string source = "known-failures.json")
    {
        Baseline? baseline;
        try
        {
            baseline = JsonSerializer.Deserialize<Baseline>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new BaselineFormatException(source, [$"{source}: not a baseline document: {ex.Message}"]);
        }
        if (baseline is null) throw new BaselineFormatException(source, [$"{source}: empty document"]);

        var errors = new List<string>();
        if (baseline.Version != CurrentVersion)
            errors.Add($"{source}: version {baseline.Version} is not supported (expected {CurrentVersion})");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < baseline.Entries.Count; i++)
        {
            var e = baseline.Entries[i];
            var at = $"{source}: entries[{i}]";
            if (string.IsNullOrWhiteSpace(e.Case)) errors.Add($"{at}.case is empty");
            if (string.IsNullOrWhiteSpace(e.Rule)) errors.Add($"{at}.rule is empty");
            if (string.IsNullOrWhiteSpace(e.Reason)) errors.Add($"{at}.reason is empty: say why the failure is accepted");
            if (e.Client is { } c && string.IsNullOrWhiteSpace(c)) errors.Add($"{at}.client is empty: omit it or use \"*\" for every client");
            if (!seen.Add(e.ToString())) errors.Add($"{at} repeats {e}");
        }
        if (errors.Count > 0) throw new BaselineFormatException(source, errors);
        return baseline;
    }

    public string Serialize() => JsonSerializer.Serialize(this, Json) + "\n";

    public void Save(string path) => File.WriteAllText(path, Serialize());

    /// <summary>
    /// The baseline that accepts every current gating failure (FAIL, ADAPTER-ERROR, TIMEOUT on MUST and
    /// SHOULD rules), one entry per client × case × rule, the reason taken from the verdict.
    /// </summary>
    public static Baseline FromRun(RunResult run)
    {
        var levels = GateEvaluator.RuleLevels(run);
        var entries = new List<BaselineEntry>();
        foreach (var c in run.Cases)
            foreach (var v in c.Verdicts)
                if (GateEvaluator.IsGatingFailure(v.Verdict, GateEvaluator.LevelOf(levels, v.RuleId)))
                    entries.Add(new BaselineEntry
                    {
                        Client = c.Client,
                        Case = c.ScenarioId,
                        Rule = v.RuleId,
                        Reason = $"{v.Verdict.Label()}: {Reports.ReportText.OneLine(v.Reason, 200)}",
                    });
        return new Baseline { Entries = [.. entries.DistinctBy(e => e.ToString())] };
    }
}
