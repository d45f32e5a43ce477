namespace Conformance.Core.Scenarios.Steps;

/// <summary>
/// Bytes written as they are (<c>{"bytes": "hex:EF BB"}</c> or <c>{"bytes": "base64:…"}</c>): what text cannot
/// express — invalid UTF-8, a truncated or UTF-16 BOM, a NUL. No line-ending conversion.
/// </summary>
public sealed record BytesStep : StreamStep
{
    public required byte[] Bytes { get; init; }
}
