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
}
