namespace Conformance.Core.Scenarios;

/// <summary>The streaming API a scenario answers.</summary>
public enum ApiKind
{
    /// <summary><c>openai-chat</c>: POST /v1/chat/completions.</summary>
    OpenAiChat,
    /// <summary><c>openai-completions</c>: POST /v1/completions.</summary>
    OpenAiCompletions,
    /// <summary><c>anthropic-messages</c>: POST /v1/messages.</summary>
    AnthropicMessages,
}

public static class ApiKinds
{
    public static string WireName(this ApiKind api) => api switch
    {
        ApiKind.OpenAiChat => "openai-chat",
        ApiKind.OpenAiCompletions => "openai-completions",
        ApiKind.AnthropicMessages => "anthropic-messages",
        _ => throw new ArgumentOutOfRangeException(nameof(api)),
    };

    /// <summary>Path below the <c>/v1</c> base: <c>chat/completions</c>, <c>completions</c>, <c>messages</c>.</summary>
    public static string Endpoint(this ApiKind api) => api switch
    {
        ApiKind.OpenAiChat => "chat/completions",
        ApiKind.OpenAiCompletions => "completions",
        ApiKind.AnthropicMessages => "messages",
        _ => throw new ArgumentOutOfRangeException(nameof(api)),
    };

    /// <summary>Whose API it is: <c>openai</c> or <c>anthropic</c> (e.g. which <c>/v1/models</c> list a scenario appears in).</summary>
    public static string Provider(this ApiKind api) => api switch
    {
        ApiKind.OpenAiChat or ApiKind.OpenAiCompletions => "openai",
        ApiKind.AnthropicMessages => "anthropic",
        _ => throw new ArgumentOutOfRangeException(nameof(api)),
    };

    public static bool TryParse(string? name, out ApiKind api)
    {
        foreach (var k in Enum.GetValues<ApiKind>())
            if (string.Equals(k.WireName(), name, StringComparison.Ordinal)) { api = k; return true; }
        api = default;
        return false;
    }

    /// <summary>Maps an endpoint path below /v1 back to its API.</summary>
    public static bool TryFromEndpoint(string endpoint, out ApiKind api)
    {
        foreach (var k in Enum.GetValues<ApiKind>())
            if (string.Equals(k.Endpoint(), endpoint.Trim('/'), StringComparison.Ordinal)) { api = k; return true; }
        api = default;
        return false;
    }
}
