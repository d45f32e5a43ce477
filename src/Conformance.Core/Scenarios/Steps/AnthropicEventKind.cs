namespace Conformance.Core.Scenarios.Steps;

/// <summary>The value of an Anthropic step's <c>anthropic</c> property.</summary>
public enum AnthropicEventKind
{
    /// <summary><c>message_start</c></summary>
    MessageStart,
    /// <summary><c>content_block_start</c></summary>
    ContentBlockStart,
    /// <summary><c>text</c>: content_block_delta with text_delta.</summary>
    Text,
    /// <summary><c>thinking</c>: content_block_delta with thinking_delta.</summary>
    Thinking,
    /// <summary><c>input_json</c>: content_block_delta with input_json_delta.</summary>
    InputJson,
    /// <summary><c>signature</c>: content_block_delta with signature_delta (the thinking block's signature).</summary>
    Signature,
    /// <summary><c>citations</c>: content_block_delta with citations_delta (one citation of a text block).</summary>
    Citations,
    /// <summary><c>content_block_stop</c></summary>
    ContentBlockStop,
    /// <summary><c>message_delta</c></summary>
    MessageDelta,
    /// <summary><c>message_stop</c></summary>
    MessageStop,
    /// <summary><c>ping</c></summary>
    Ping,
    /// <summary><c>error</c></summary>
    Error,
}
