using Conformance.Core.Dialects;
using Conformance.Core.Scenarios;

namespace Conformance.Core.Capabilities;

/// <summary>
/// What a client declares it can do: the APIs it speaks, its features, and the level it reports at.
/// Cases outside them are NOT RUN with <see cref="NotRunReason"/>, never FAIL (a FAIL is a claim about the
/// client's software; "it cannot do X" is not a defect). <see cref="Observes"/> null means "infer from the
/// observations" (string chunks are text), the contract's default.
/// </summary>
public sealed record ClientCapabilities
{
    /// <summary>What a client that declares nothing is assumed to do: every API, the <see cref="ClientFeatures.Defaults"/> (all but the opt-in <c>reconnect</c>).</summary>
    public static ClientCapabilities Everything { get; } = new();

    /// <summary>Dialect names (<see cref="IDialect.Name"/>) the client speaks.</summary>
    public IReadOnlySet<string> Apis { get; init; } = new HashSet<string>(DialectCatalog.Names, StringComparer.Ordinal);
    public IReadOnlySet<string> Features { get; init; } = new HashSet<string>(ClientFeatures.Defaults, StringComparer.Ordinal);
    public ObservationLevel? Observes { get; init; }
    /// <summary>Where the declaration came from, for reports: "default", "hello", "command line", "built-in".</summary>
    public string DeclaredBy { get; init; } = "default";

    public bool Has(string feature) => Features.Contains(feature);

    /// <summary>Why the client cannot take part in this scenario, or null when it can.</summary>
    public string? NotRunReason(Scenario scenario)
    {
        if (!Apis.Contains(scenario.Api.Name)) return $"client does not speak {scenario.Api.Name}";
        foreach (var (feature, needed) in Needs(scenario))
            if (!Has(feature)) return $"client does not declare feature '{feature}' ({needed})";
        return null;
    }

    /// <summary>The features a scenario exercises, with what it does that needs them.</summary>
    public static IEnumerable<(string Feature, string Why)> Needs(Scenario scenario)
    {
        if (scenario.Client.MaxRetries is > 0) yield return (ClientFeatures.Retries, $"the case allows {scenario.Client.MaxRetries} retries");
        if (scenario.Client.IdleTimeoutMs is { } t) yield return (ClientFeatures.IdleTimeout, $"the case sets a {t} ms idle timeout");
        if (scenario.Client.CancelAfter is { } n) yield return (ClientFeatures.Cancel, $"the case cancels after {n} chunks");
        if (scenario.Client.TotalTimeoutMs is { } b) yield return (ClientFeatures.TotalTimeout, $"the case sets a {b} ms total budget");
        if (scenario.Client.Reconnects is { } r) yield return (ClientFeatures.Reconnect, $"the case expects the client to reconnect by itself, up to {r} times");
    }

    /// <summary>"apis openai-chat,openai-completions; features retries,cancel; observes objects (hello)".</summary>
    public override string ToString() =>
        $"apis {string.Join(",", DialectCatalog.Names.Where(Apis.Contains))}; features {(Features.Count == 0 ? "none" : string.Join(",", ClientFeatures.All.Where(Has)))}; observes {Observes?.WireName() ?? "inferred"} ({DeclaredBy})";

    /// <summary>
    /// Parses the comma lists of the command line or a hello line. Unknown names are errors (a typo must
    /// not silently drop a capability); null leaves the default.
    /// </summary>
    public static (ClientCapabilities Capabilities, IReadOnlyList<string> Errors) Parse(
        IEnumerable<string>? apis, IEnumerable<string>? features, string? observes, string declaredBy, ClientCapabilities? basis = null)
    {
        var errors = new List<string>();
        var result = (basis ?? Everything) with { DeclaredBy = declaredBy };
        if (apis is not null)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var a in apis.Select(s => s.Trim()).Where(s => s.Length > 0))
            {
                if (DialectCatalog.Find(a) is { } d) set.Add(d.Name);
                else errors.Add($"unknown api '{a}' (expected {string.Join(", ", DialectCatalog.Names)})");
            }
            result = result with { Apis = set };
        }
        if (features is not null)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var f in features.Select(s => s.Trim()).Where(s => s.Length > 0))
            {
                if (string.Equals(f, "none", StringComparison.Ordinal)) continue;
                if (ClientFeatures.IsKnown(f)) set.Add(f);
                else errors.Add($"unknown feature '{f}' (expected {string.Join(", ", ClientFeatures.All)}, or none)");
            }
            result = result with { Features = set };
        }
        if (observes is not null)
        {
            if (ObservationLevels.TryParse(observes.Trim(), out var level)) result = result with { Observes = level };
            else errors.Add($"unknown observation level '{observes}' (expected objects, text, message or events)");
        }
        return (result, errors);
    }
}
