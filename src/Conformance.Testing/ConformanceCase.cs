using Conformance.Core.Capabilities;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;

namespace Conformance.Testing;

/// <summary>
/// One case of the catalogue as an NUnit test case argument: a scenario, with how the selection judges it. Shown by its
/// scenario id. Run it with <see cref="ConformanceSuite.RunAsync"/>.
/// </summary>
public sealed record ConformanceCase
{
    internal ConformanceCase(Scenario scenario, CaseSelection selection, ClientCapabilities capabilities, Profile profile)
    {
        Scenario = scenario;
        Selection = selection;
        Capabilities = capabilities;
        Profile = profile;
        NotRunReason = capabilities.NotRunReason(scenario);
        KnownFindings = [.. selection.KnownFindings.Where(f => string.Equals(f.ScenarioId, scenario.Id, StringComparison.Ordinal))];
    }

    internal Scenario Scenario { get; }
    internal CaseSelection Selection { get; }
    internal ClientCapabilities Capabilities { get; }
    internal Profile Profile { get; }

    /// <summary>The scenario id, e.g. <c>encoding.utf8.two-byte-char-split</c>.</summary>
    public string ScenarioId => Scenario.Id;

    /// <summary>The scenario's title.</summary>
    public string Title => Scenario.Title;

    /// <summary>The API it answers (<c>openai-chat</c>, …).</summary>
    public string Api => Scenario.Api.Name;

    /// <summary>Its family (the first segment of the id).</summary>
    public string Family => Scenario.Family;

    /// <summary>The rules it is scored on.</summary>
    public IReadOnlyList<string> Rules => Scenario.Rules;

    /// <summary>Why the client cannot take part ("client does not declare feature 'reconnect' (…)"), or null.</summary>
    public string? NotRunReason { get; }

    /// <summary>The known findings on this case.</summary>
    public IReadOnlyList<KnownFinding> KnownFindings { get; }

    /// <inheritdoc />
    public override string ToString() => ScenarioId;
}
