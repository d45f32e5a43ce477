namespace Conformance.Core.Reports;

/// <summary>A run of text for display: either literal text or a visible stand-in for an invisible character or byte ("\r", "\x9F", "U+FFFD").</summary>
public readonly record struct TextSegment(string Text, bool IsEscape);
