using Conformance.Core.Capabilities;
using Conformance.Core.Scenarios;

namespace Conformance.Browser;

/// <summary>
/// A client that runs in the page: an ES module exporting <c>default async function run(ctx)</c>
/// (docs/browser-contract.md). Built-ins live in <c>clients/browser/</c>; any other module is a path.
/// </summary>
public sealed record BrowserTarget
{
    /// <summary>Stable label for reports: the built-in name, or the module's file name without extension.</summary>
    public required string Name { get; init; }

    /// <summary>Absolute path of the module file.</summary>
    public required string ModulePath { get; init; }

    public bool IsBuiltIn { get; init; }

    /// <summary>The profile the target is scored on by default (eventsource: whatwg); null means the run's default.</summary>
    public string? Profile { get; init; }

    /// <summary>"GET" for targets that use the GET form of a scenario URL (EventSource), else "POST".</summary>
    public string Method { get; init; } = "POST";

    /// <summary>What the target can do: cases outside it are NOT RUN. A module given by path declares everything.</summary>
    public ClientCapabilities Capabilities { get; init; } = ClientCapabilities.Everything;

    /// <summary>The APIs the target speaks.</summary>
    public IReadOnlySet<string> Apis => Capabilities.Apis;

    /// <summary>True when the module imports <c>dist/openai.bundle.mjs</c>, which is built from npm on first use.</summary>
    public bool NeedsOpenAiBundle { get; init; }

    public bool Supports(Scenario scenario) => Capabilities.NotRunReason(scenario) is null;
}
