using Conformance.Core.Scenarios;

namespace Conformance.Runner.Running;

/// <summary>The request a client sends for a case (CONFORMANCE_REQUEST): the dialect's own shape, the scenario id as model, stream on.</summary>
public static class RequestBodies
{
    public static string For(Scenario scenario) => scenario.Api.RequestBody(scenario.Id, "Say hello.").ToJsonString();
}
