namespace Conformance.Testing;

/// <summary>
/// What the client under test says of itself: the fields of an adapter's <c>hello</c> line (docs/adapter-protocol.md,
/// "The hello handshake" and "Capabilities"). A case that needs an API or a feature the client does not declare is NOT
/// RUN: the case source marks it Ignored with the reason, never failed.
/// </summary>
/// <param name="Name">The client's name in messages (the hello's <c>name</c>).</param>
public sealed record ClientDeclaration(string Name)
{
    /// <summary>The SDK as <c>package@version</c>, shown with every verdict.</summary>
    public string? Sdk { get; init; }

    /// <summary>The APIs it speaks (<c>openai-chat</c>, <c>openai-completions</c>, <c>anthropic-messages</c>, <c>openai-responses</c>, <c>gemini-generate</c>); null: all.</summary>
    public IReadOnlyList<string>? Apis { get; init; }

    /// <summary>Its features (<c>retries</c>, <c>idle-timeout</c>, <c>cancel</c>, <c>status</c>, <c>total-timeout</c>, <c>reconnect</c>); null: all but <c>reconnect</c>.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>The level it reports at: <c>objects</c>, <c>text</c>, <c>message</c> or <c>events</c>; null: inferred (string chunks are text).</summary>
    public string? Observes { get; init; }
}
