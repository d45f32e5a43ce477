using Conformance.Core.Capabilities;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Runner.Clients;

namespace Conformance.Runner.Running;

/// <summary>
/// A client to score: how to run it, the profile it claims, how reports name it, and what it declares it
/// can do (cases outside its <see cref="Capabilities"/> are NOT RUN with the reason, never scored).
/// </summary>
public sealed record ClientUnderTest(IClientDriver Driver, Profile Profile, ClientInfo Info)
{
    public ClientCapabilities Capabilities { get; init; } = ClientCapabilities.Everything;

    /// <summary>
    /// Scenario ids this client is scored on at all (the --filter glob syntax); null means every selected one.
    /// A known-bad reference client that reproduces one bug is scoped to the family that shows it, so the
    /// main job does not pay for it on the whole catalogue. Out-of-scope scenarios are not cases, not NOT RUN.
    /// </summary>
    public string? Scope { get; init; }

    public bool InScope(string scenarioId) => Scope is null || new RunOptions { Filter = Scope }.Matches(scenarioId);
}
