using System.Text;
using Conformance.Core.Dialects;
using Conformance.Core.Wire;
using Conformance.Server.Routing;

namespace Conformance.Bench.Benchmarks;

/// <summary>Bench-local plans served by the real mock server (no scenario files: the shapes are the benchmark's).</summary>
internal sealed class PlanSource(params (string Id, ResponsePlan Plan)[] plans) : IScenarioSource
{
    private readonly Dictionary<string, ServedScenario> _served = plans.ToDictionary(p => p.Id,
        p => new ServedScenario(p.Id, p.Id, DialectCatalog.OpenAiChat, _ => p.Plan), StringComparer.Ordinal);

    public ServedScenario? Find(string id) => _served.GetValueOrDefault(id);

    public IReadOnlyList<string> CloseMatches(string id) => [];

    public IReadOnlyList<ServedScenario> All => [.. _served.Values];
}

internal static class OpenAiChunks
{
    /// <summary>n chat.completion.chunk events and <c>[DONE]</c>, each event pre-encoded: what a flushing upstream sends.</summary>
    public static byte[][] Events(int n) =>
    [
        .. Enumerable.Range(0, n).Select(i => Encoding.UTF8.GetBytes(
            $"data: {{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,\"model\":\"bench\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"tok{i} \"}},\"finish_reason\":null}}]}}\n\n")),
        "data: [DONE]\n\n"u8.ToArray(),
    ];

    public static ResponsePlan Plan(byte[][] events, int gapMs = 0, ResponseEnding? ending = null) => new()
    {
        Status = 200,
        Headers = [new("Content-Type", "text/event-stream"), new("Cache-Control", "no-cache")],
        Writes = [.. events.Select((e, i) => new PlannedWrite(e, i == 0 ? 0 : gapMs))],
        Ending = ending ?? ResponseEnding.Clean,
    };
}
