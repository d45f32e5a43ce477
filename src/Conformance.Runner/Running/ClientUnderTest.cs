using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Runner.Clients;

namespace Conformance.Runner.Running;

/// <summary>A client to score: how to run it, the profile it claims, and how reports name it.</summary>
public sealed record ClientUnderTest(IClientDriver Driver, Profile Profile, ClientInfo Info);
