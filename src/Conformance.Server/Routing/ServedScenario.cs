using Conformance.Core.Dialects;
using Conformance.Core.Wire;

namespace Conformance.Server.Routing;

/// <summary>What the server needs of a scenario: its id, API and the plan for attempt N (1-based).</summary>
public sealed record ServedScenario(string Id, string Title, IDialect Api, Func<int, ResponsePlan> PlanForAttempt);
