using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Runner.Clients;

namespace Conformance.Runner.Running;

/// <summary>
/// A client to score: how to run it, the profile it claims, how reports name it, and (optionally) the
/// scenarios it cannot take part in, with the reason (every rule of such a case is SKIPPED, not run).
/// </summary>
public sealed record ClientUnderTest(IClientDriver Driver, Profile Profile, ClientInfo Info)
{
    public Func<Scenario, string?> Unsupported { get; init; } = _ => null;
}
