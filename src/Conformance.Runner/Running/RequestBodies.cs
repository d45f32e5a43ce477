using System.Text.Json.Nodes;
using Conformance.Core.Scenarios;

namespace Conformance.Runner.Running;

/// <summary>The request a client sends for a case (CONFORMANCE_REQUEST): the API's own shape, the scenario id as model, stream on.</summary>
public static class RequestBodies
{
    public static string For(Scenario scenario)
    {
        var prompt = "Say hello.";
        JsonObject body = scenario.Api switch
        {
            ApiKind.OpenAiChat => new JsonObject
            {
                ["model"] = scenario.Id,
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
                ["stream"] = true,
            },
            ApiKind.OpenAiCompletions => new JsonObject { ["model"] = scenario.Id, ["prompt"] = prompt, ["stream"] = true },
            _ => new JsonObject
            {
                ["model"] = scenario.Id,
                ["max_tokens"] = 1024,
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
                ["stream"] = true,
            },
        };
        return body.ToJsonString();
    }
}
