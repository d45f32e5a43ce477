namespace Conformance.Core.Scenarios.Steps;

/// <summary>Seeded Bogus text, expanded into <see cref="Pieces"/> content steps (text deltas for Anthropic).</summary>
public sealed record GenerateStep : StreamStep
{
    public int Seed { get; init; }

    /// <summary>Bogus locale: en, de, ja, zh_CN, ar, he, ...</summary>
    public string Locale { get; init; } = "en";

    public int Words { get; init; } = 20;

    public int Pieces { get; init; } = 5;

    /// <summary>Sprinkle emoji (4-byte UTF-8) among the words.</summary>
    public bool Emoji { get; init; }

    /// <summary>Sprinkle CJK ideographs (3-byte UTF-8) among the words.</summary>
    public bool Cjk { get; init; }

    /// <summary>Content block index of the Anthropic text deltas.</summary>
    public int Index { get; init; }
}
