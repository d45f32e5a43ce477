using Conformance.Core.Dialects;

namespace Conformance.Core.Rules;

/// <summary>The built-in profiles, by name.</summary>
public static class Profiles
{
    // Null covers every dialect, the ones added later included: the WHATWG and OpenAI SDK rules are the SSE layer's.
    private static readonly IReadOnlySet<string>? AllApis = null;
    private static readonly IReadOnlySet<string> OpenAiApis = new HashSet<string> { DialectCatalog.OpenAiChat.Name, DialectCatalog.OpenAiCompletions.Name };
    private static readonly IReadOnlySet<string> SeedApis = new HashSet<string> { DialectCatalog.OpenAiChat.Name, DialectCatalog.OpenAiCompletions.Name, DialectCatalog.AnthropicMessages.Name };

    public static Profile Whatwg { get; } = new()
    {
        Name = "whatwg",
        Description = "The HTML standard's event-stream parsing algorithm: CR, LF and CRLF end lines; one leading BOM skipped; one space after the colon stripped; an incomplete final event discarded at EOF.",
        Sources = [RuleSource.Whatwg],
        Apis = AllApis,
        BareCrEndsLine = true,
        SkipsLeadingBom = true,
        FlushesTrailingEvent = false,
    };

    public static Profile OpenAi { get; } = new()
    {
        Name = "openai",
        Description = "What the official OpenAI-compatible SDKs do: WHATWG line rules, BOM skipped, an incomplete final event discarded, [DONE] as sentinel, embedded {\"error\":…} and Anthropic `event: error` raised.",
        Sources = [RuleSource.Whatwg, "003_51105441af1ca295.txt", "004_e6fd4d7c1042fb1e.txt"],
        Apis = AllApis,
        BareCrEndsLine = true,
        SkipsLeadingBom = true,
        FlushesTrailingEvent = false,
        RaisesEmbeddedErrors = true,
    };

    public static Profile Bastion { get; } = new()
    {
        Name = "bastion",
        Description = "Bastion (seeds 000, 001): events split on \\n\\n or \\r\\n\\r\\n; non-JSON data dropped silently; a trailing event without terminator flushed at end of stream; errors never embedded in a 200 stream.",
        Sources = ["000_165e6eda203b025f.txt", "001_ce4e54f928ed2bc5.txt"],
        Apis = OpenAiApis,
        FlushesTrailingEvent = true,
        DropsNonJsonData = true,
    };

    public static Profile Conduit { get; } = new()
    {
        Name = "conduit",
        Description = "Conduit (seed 002): buffer until a complete line, several events per read, empty deltas, network errors mid-stream reported.",
        Sources = ["002_80a94d9a868d568f.txt"],
        Apis = new HashSet<string> { DialectCatalog.OpenAiChat.Name },
    };

    public static Profile SandBase { get; } = new()
    {
        Name = "sandbase",
        Description = "SandBase (seed 004), OpenAI and Anthropic dialects: malformed SSE skipped, errors embedded in 200 streams ({\"error\":…} then [DONE]; Anthropic event: error) raised.",
        Sources = ["004_e6fd4d7c1042fb1e.txt"],
        Apis = SeedApis,
        DropsNonJsonData = true,
        RaisesEmbeddedErrors = true,
    };

    public static Profile Anthropic { get; } = new()
    {
        Name = "anthropic",
        Description = "Anthropic Messages streaming (seed 004): named events, ping ignored, message_stop ends the stream, event: error raised; WHATWG line rules.",
        Sources = ["004_e6fd4d7c1042fb1e.txt", RuleSource.Whatwg],
        Apis = new HashSet<string> { DialectCatalog.AnthropicMessages.Name },
        BareCrEndsLine = true,
        SkipsLeadingBom = true,
        FlushesTrailingEvent = false,
        RaisesEmbeddedErrors = true,
    };

    public static IReadOnlyList<Profile> All { get; } = [Whatwg, OpenAi, Bastion, Conduit, SandBase, Anthropic];

    public static Profile Default => OpenAi;

    public static Profile? Find(string name) => All.FirstOrDefault(p => p.Name == name);
}
