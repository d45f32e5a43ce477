using Conformance.Core.Dialects;
using System.Text;
using Conformance.Core.Scenarios;
using Conformance.Core.Wire;
using Conformance.Server.Http;
using Conformance.Server.Routing;

namespace Conformance.Tests.Support;

/// <summary>Hand-built plans for server tests, independent of the scenario language.</summary>
internal sealed class FakeScenarios : IScenarioSource
{
    private readonly Dictionary<string, ServedScenario> _byId = new();

    public FakeScenarios Add(string id, params ResponsePlan[] attempts) => Add(id, id, DialectCatalog.OpenAiChat, attempts);

    public FakeScenarios Add(string id, string title, IDialect api, params ResponsePlan[] attempts)
    {
        _byId[id] = new ServedScenario(id, title, api, n => attempts[Math.Min(n, attempts.Length) - 1]);
        return this;
    }

    public ServedScenario? Find(string id) => _byId.GetValueOrDefault(id);

    public IReadOnlyList<string> CloseMatches(string id) =>
        [.. _byId.Keys.Where(k => k.Contains(id.Split('.')[0], StringComparison.Ordinal)).Order()];

    public IReadOnlyList<ServedScenario> All => [.. _byId.Values.OrderBy(s => s.Id, StringComparer.Ordinal)];

    public static ResponsePlan Stream(EndKind end, int delayMs, params byte[][] writes) => new()
    {
        Status = 200,
        Headers = [new("Content-Type", "text/event-stream"), new("Cache-Control", "no-cache")],
        Writes = [.. writes.Select((w, i) => new PlannedWrite(w, i == 0 ? 0 : delayMs))],
        Ending = new ResponseEnding(end, end is EndKind.Stall or EndKind.HoldOpen ? 300 : 0),
    };

    public static ResponsePlan Stream(EndKind end, int delayMs, params string[] writes) =>
        Stream(end, delayMs, [.. writes.Select(Encoding.UTF8.GetBytes)]);

    public static ResponsePlan Status(int status, string body, params (string, string)[] headers) =>
        JsonResponses.Bytes(status, "application/json", Encoding.UTF8.GetBytes(body), [.. headers.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2))]);
}
