using System.Globalization;
using Conformance.Runner.Clients;

namespace Conformance.Testing;

/// <summary>
/// Everything the client under test is told about one case: what a process adapter gets as CONFORMANCE_* variables
/// (docs/adapter-protocol.md, "Start"), as properties and as the same variables (<see cref="Environment"/>).
/// </summary>
public sealed class CaseContext
{
    private readonly ClientInvocation _invocation;

    internal CaseContext(ClientInvocation invocation, string scenarioId)
    {
        _invocation = invocation;
        ScenarioId = scenarioId;
        Environment = invocation.Environment();
    }

    /// <summary>The case id the server allocated (its journal: <c>GET /__conformance/cases/{id}</c>).</summary>
    public string CaseId => _invocation.CaseId;

    /// <summary>The scenario id (also the request's model).</summary>
    public string ScenarioId { get; }

    /// <summary>
    /// e.g. <c>http://127.0.0.1:41231/c/7f3a9c/v1</c>, no trailing slash: POST to <c>{base}/chat/completions</c>,
    /// <c>{base}/completions</c>, <c>{base}/messages</c> or <c>{base}/responses</c> (gemini: <c>{base}/models/…:streamGenerateContent?alt=sse</c>).
    /// </summary>
    public Uri BaseUrl => new(_invocation.BaseUrl);

    /// <summary>The API (<c>openai-chat</c>, <c>openai-completions</c>, <c>anthropic-messages</c>, <c>openai-responses</c>, <c>gemini-generate</c>).</summary>
    public string Api => _invocation.Api.Name;

    /// <summary>A key to send (<c>Authorization: Bearer …</c>, <c>x-api-key</c> or <c>x-goog-api-key</c>).</summary>
    public string ApiKey => _invocation.ApiKey;

    /// <summary>The JSON body to send verbatim; it already has <c>"stream": true</c>.</summary>
    public string RequestJson => _invocation.RequestJson;

    /// <summary>Stop consuming after this many chunks (events at the events level), then end with <c>cancelled</c>; null: the case does not cancel.</summary>
    public int? CancelAfter => _invocation.CancelAfter;

    /// <summary>The idle read timeout to apply (no bytes for this long: report an <c>error</c> of kind <c>timeout</c>); null: none.</summary>
    public int? IdleTimeoutMs => _invocation.IdleTimeoutMs;

    /// <summary>The budget for the whole call, every attempt and wait included; null: none.</summary>
    public int? TotalTimeoutMs => _invocation.TotalTimeoutMs;

    /// <summary>How many times the client may retry a failed request; null: do not retry.</summary>
    public int? MaxRetries => _invocation.MaxRetries;

    /// <summary>Reconnect by yourself after the stream ends or drops, at most this many times (docs/reconnection.md); null: do not.</summary>
    public int? Reconnects => _invocation.Reconnects;

    /// <summary>The CONFORMANCE_* variables exactly as a process adapter gets them.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>One CONFORMANCE_* variable, or null when the case does not set it (a lookup for code written against the environment).</summary>
    public string? Variable(string name) => Environment.GetValueOrDefault(name);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{ScenarioId} at {_invocation.BaseUrl}");
}
