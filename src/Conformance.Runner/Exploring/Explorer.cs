using System.Diagnostics;
using Conformance.Core.Exploring;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Runner.Running;
using Conformance.Server.Hosting;

namespace Conformance.Runner.Exploring;

/// <summary>
/// Looks for the split nobody anticipated. For each selected scenario (in id order) it runs the client on the
/// scenario's own plan, then on seeded generated plans over the same events (<see cref="PlanGenerator"/>); a rule
/// the client passes under the own plan and fails under a generated one is run again (it must fail 2 of 2),
/// shrunk by delta debugging (<see cref="PlanShrinker"/>) and written as a scenario that replays the minimal plan
/// byte for byte (<see cref="ScenarioWriter"/>). The budget bounds the client runs: each scenario gets an even
/// share of what is left for its plans; confirming and shrinking a finding may use more.
/// </summary>
public sealed class Explorer(ScenarioCatalog scenarios, IReadOnlyList<Rule> rules)
{
    /// <summary>Generated plans are run in rounds of this many and read in order, so what is found never depends on --parallel.</summary>
    public const int RoundSize = 8;

    public async Task<ExploreResult> RunAsync(ClientUnderTest client, ExploreOptions options, IProgress<ExploreProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var selected = scenarios.All.Where(s => options.Matches(s.Id)).ToList();
        var source = new VariantScenarioSource();
        await using var server = MockServer.Start(new MockServerOptions { MaxCases = options.Budget + 64 }, source);
        var session = new Session(new ConformanceRunner(scenarios, rules), server, source, client, options, progress, selected.Count);
        var runs = new List<ScenarioRun>();
        // First pass: each scenario's own plan, then an even share of what is left for its plans.
        for (var i = 0; i < selected.Count; i++)
        {
            var share = (options.Budget - session.Used) / (selected.Count - i);
            runs.Add(await session.StartAsync(selected[i], i + 1, share, ct).ConfigureAwait(false));
        }
        // Budget a scenario did not need (nothing to find, found everything) goes to those still open, in turns.
        while (session.Used < options.Budget)
        {
            var open = runs.Where(r => r.Open).ToList();
            var before = session.Used;
            for (var j = 0; j < open.Count && session.Used < options.Budget; j++)
                await session.ContinueAsync(open[j], Math.Max(1, (options.Budget - session.Used) / (open.Count - j)), ct).ConfigureAwait(false);
            if (session.Used == before) break;
        }
        var explored = runs.Select(r => r.Exploration()).ToList();
        return new ExploreResult
        {
            Seed = options.Seed,
            Budget = options.Budget,
            Runs = session.Used,
            DurationMs = Math.Round(clock.Elapsed.TotalMilliseconds, 1),
            Client = client.Info,
            Profile = client.Profile.Name,
            Filter = options.Filter,
            Scenarios = explored,
            Findings = session.Findings,
        };
    }

    /// <summary>The written scenario's id: the original's, plus the seed and the rule, so it sits next to it and never collides.</summary>
    public static string FindingId(string originalId, int seed, string rule) => $"{originalId}.explored-s{seed}-{rule.Replace('.', '-')}";

    private sealed class Session(
        ConformanceRunner runner, MockServer server, VariantScenarioSource source, ClientUnderTest client,
        ExploreOptions options, IProgress<ExploreProgress>? progress, int scenarioCount)
    {
        private readonly RunOptions _runOptions = new() { CaseTimeout = options.CaseTimeout, Parallel = options.Parallel };
        private int _variants;
        private string _scenario = "";
        private int _number;
        private string _phase = "";

        public int Used { get; private set; }
        public List<ExploreFinding> Findings { get; } = [];

        private void Report(string? phase = null)
        {
            if (phase is not null) _phase = phase;
            progress?.Report(new ExploreProgress(Used, options.Budget, Findings.Count, _scenario, _number, scenarioCount, _phase));
        }

        public async Task<ScenarioRun> StartAsync(Scenario scenario, int number, int share, CancellationToken ct)
        {
            (_scenario, _number) = (scenario.Id, number);
            var (space, whyNot) = PlanSpace.TryCreate(scenario, client.Profile);
            if (space is null) return ScenarioRun.Closed(scenario, number, whyNot!);
            if (client.Capabilities.NotRunReason(scenario) is { } notRun) return ScenarioRun.Closed(scenario, number, "not run: " + notRun);
            if (Used >= options.Budget) return ScenarioRun.Closed(scenario, number, "the budget was spent before it");

            var startedAt = Used;
            Report("own plan");
            var own = ExpectationBuilder.Build(scenario, client.Profile);
            var baseline = (await RunAsync([(scenario, own)], ct).ConfigureAwait(false))[0]!;
            var run = new ScenarioRun(scenario, number, space, own, new PlanGenerator(space, options.Seed))
            {
                Passing = [.. scenario.Rules.Where(r => baseline.Verdicts.Any(v => v.RuleId == r && v.Verdict == Verdict.Pass))],
                FailingOwn = [.. scenario.Rules.Where(r => baseline.Verdicts.Any(v => v.RuleId == r && v.Verdict.IsFailure()))],
                Runs = 1,
            };
            if (run.Passing.Count == 0)
            {
                run.Note = "the client passes no rule under the scenario's own plan: nothing to find";
                run.Done = true;
                return run;
            }
            await ContinueAsync(run, Math.Max(1, share - (Used - startedAt)), ct).ConfigureAwait(false);
            return run;
        }

        /// <summary>Runs up to <paramref name="share"/> more generated plans of the scenario (a finding's confirming and shrinking may take more).</summary>
        public async Task ContinueAsync(ScenarioRun run, int share, CancellationToken ct)
        {
            (_scenario, _number) = (run.Scenario.Id, run.Number);
            var startedAt = Used;
            var stop = Used + share;
            Report("exploring");
            while (Used < stop && Used < options.Budget && run.Uncovered.Any())
            {
                var round = new List<(int Number, WritePlan Plan, Scenario Variant, Expectation Expectation)>();
                for (var tries = 0; round.Count < Math.Min(RoundSize, stop - Used) && tries < RoundSize * 8; tries++)
                {
                    var plan = run.Generator.Next();
                    if (!run.Tried.Add(plan.Key) || Prepare(run, plan) is not { } prepared) { run.Skipped++; continue; }
                    round.Add((run.Generator.Count, plan, prepared.Variant, prepared.Expectation));
                }
                if (round.Count == 0) { run.Note = "no new valid plan left to generate"; run.Done = true; break; }
                var results = await RunAsync([.. round.Select(r => (r.Variant, r.Expectation))], ct).ConfigureAwait(false);
                for (var i = 0; i < round.Count && results[i] is { } result; i++)
                {
                    run.Plans++;
                    var failing = run.Uncovered.Where(r => Fails(result, r)).ToList();
                    if (failing.Count > 0) await InvestigateAsync(run, round[i].Number, round[i].Plan, failing[0], ct).ConfigureAwait(false);
                    Report("exploring");
                }
            }
            if (!run.Uncovered.Any())
            {
                run.Note ??= "every rule it passes under its own plan was found failing";
                run.Done = true;
            }
            run.Runs += Used - startedAt;
        }

        private async Task InvestigateAsync(ScenarioRun state, int number, WritePlan plan, string rule, CancellationToken ct)
        {
            // A failure must repeat before anything is built on it: timing can make a client fail once.
            Report("confirming");
            var again = await RunPlanAsync(state, plan, ct).ConfigureAwait(false);
            if (again is null) { state.Flaky.Add(number); return; }
            if (!Fails(again, rule)) { state.Flaky.Add(number); return; }

            Report("shrinking");
            var shrinker = new PlanShrinker(state.Space, (plans, token) => OracleAsync(state, plans, rule, token));
            var shrunk = await shrinker.ShrinkAsync(plan, ct).ConfigureAwait(false);
            var minimal = shrunk.Plan;
            var final = again;
            string? note = shrunk.Complete ? null : "the budget ran out while shrinking: the plan is the smallest reached, not 1-minimal";
            if (minimal.Key != plan.Key)
            {
                Report("confirming");
                var check = await RunPlanAsync(state, minimal, ct).ConfigureAwait(false);
                if (check is not null && Fails(check, rule)) final = check;
                else
                {
                    note = check is null
                        ? "the budget ran out before the shrunk plan could be confirmed: the plan found (failed 2/2) is written"
                        : "the shrunk plan did not fail again: the plan found (failed 2/2) is written";
                    minimal = plan;
                }
            }
            var also = state.Passing.Where(r => r != rule && Fails(final, r)).ToList();
            foreach (var r in also.Prepend(rule)) state.Covered.Add(r);

            var scenario = state.Scenario;
            var id = FindingId(scenario.Id, options.Seed, rule);
            var found = Summary(state.Space, plan);
            var small = Summary(state.Space, minimal);
            var verdict = final.Verdicts.First(v => v.RuleId == rule);
            var title = $"{scenario.Title} — explored: a minimal write plan that fails {rule}";
            var changes = new List<string> { "where the writes are cut" };
            if (minimal.Segments.Any(seg => Enumerable.Range(state.Space.Segments[seg].FirstSlot, state.Space.Segments[seg].Slots.Count).Any(l => minimal.Endings[l] != state.Space.BaseEndings[l])))
                changes.Add("how lines end");
            if (minimal.Segments.Count < state.Space.Segments.Count) changes.Add("which events are sent");
            var description = $"Written by `conformance explore --seed {options.Seed}` from {scenario.Id}: plan #{number} of that seed "
                              + $"({found.Offsets.Count} cut{(found.Offsets.Count == 1 ? "" : "s")}, {(found.Events == found.OfEvents ? "all" : $"{found.Events} of")} {found.OfEvents} events, lines {found.LineEndings}) "
                              + $"made a client that passes {rule} under {scenario.Id}'s own plan fail it, 2 runs out of 2, and delta debugging shrank it to this one: "
                              + $"{small}. The events are the original's bytes; only {Join(changes)} differ{(changes.Count == 1 ? "s" : "")}, "
                              + "and what a correct client yields is derived from these bytes, as for any scenario.";
            var source = scenario.SourcePath is { } path ? await File.ReadAllTextAsync(path, ct).ConfigureAwait(false)
                : throw new InvalidOperationException($"{scenario.Id}: explore writes findings from the scenario's file, and this one has none");
            var written = ScenarioWriter.Write(state.Space, minimal, source, id, title, description);
            state.Findings.Add(id);
            Findings.Add(new ExploreFinding
            {
                ScenarioId = id, OriginalId = scenario.Id, Rule = rule, AlsoFails = also, Verdict = verdict.Verdict.Label(), Reason = verdict.Reason,
                Seed = options.Seed, PlanNumber = number, Found = found, Minimal = small, Confirmed = "2/2", ShrinkRuns = shrunk.Tests,
                ShrinkComplete = shrunk.Complete, ShrinkSteps = shrunk.Steps, Note = note,
                Path = $"scenarios/{scenario.Family}/{id}.json", Form = written.Form, Json = written.Json,
            });
            Report("exploring");
        }

        private async Task<IReadOnlyList<bool?>> OracleAsync(ScenarioRun state, IReadOnlyList<WritePlan> plans, string rule, CancellationToken ct)
        {
            var answers = new bool?[plans.Count];
            var runnable = new List<(int Index, Scenario Variant, Expectation Expectation)>();
            for (var i = 0; i < plans.Count; i++)
            {
                if (Prepare(state, plans[i]) is { } p) runnable.Add((i, p.Variant, p.Expectation));
                else answers[i] = false; // not a plan of this space: it cannot be the minimal one
            }
            var results = await RunAsync([.. runnable.Select(r => (r.Variant, r.Expectation))], ct).ConfigureAwait(false);
            for (var j = 0; j < runnable.Count; j++)
                answers[runnable[j].Index] = results[j] is { } result ? Fails(result, rule) : null;
            return answers;
        }

        private async Task<CaseResult?> RunPlanAsync(ScenarioRun state, WritePlan plan, CancellationToken ct) =>
            Prepare(state, plan) is { } p ? (await RunAsync([(p.Variant, p.Expectation)], ct).ConfigureAwait(false))[0] : null;

        /// <summary>
        /// The plan's scenario and expectation, or null when the plan is not worth a run: the profile leaves
        /// something undefined that the own plan does not, or the plan's endings would change the events.
        /// </summary>
        private (Scenario Variant, Expectation Expectation)? Prepare(ScenarioRun state, WritePlan plan)
        {
            if (state.Space.Invalid(plan) is not null) return null;
            var variant = state.Space.ToScenario(plan, $"{state.Scenario.Id}.explore-{++_variants}");
            var expectation = ExpectationBuilder.Build(variant, client.Profile);
            if (expectation.Undefined.Keys.Any(k => !state.Own.Undefined.ContainsKey(k))) return null;
            var twinKey = string.Join(',', plan.Segments);
            if (!state.Twins.TryGetValue(twinKey, out var twin))
            {
                var basePlan = state.Space.Base with { Segments = plan.Segments };
                state.Twins[twinKey] = twin = ExpectationBuilder.Build(state.Space.ToScenario(basePlan, variant.Id), client.Profile);
            }
            return SameEvents(expectation, twin) ? (variant, expectation) : null;
        }

        private static bool SameEvents(Expectation a, Expectation b) =>
            a.Text == b.Text && a.Outcome.ToString() == b.Outcome.ToString() && a.Chunks.Select(c => c.Json).SequenceEqual(b.Chunks.Select(c => c.Json));

        /// <summary>Runs the cases the budget still allows, <see cref="ExploreOptions.Parallel"/> at a time; null for those it does not.</summary>
        private async Task<IReadOnlyList<CaseResult?>> RunAsync(IReadOnlyList<(Scenario Scenario, Expectation Expectation)> cases, CancellationToken ct)
        {
            var allowed = Math.Min(cases.Count, options.Budget - Used);
            var results = new CaseResult?[cases.Count];
            if (allowed <= 0) return results;
            using var gate = new SemaphoreSlim(Math.Max(1, options.Parallel));
            var before = Used;
            Used += allowed;
            var done = 0;
            var tasks = cases.Take(allowed).Select(async (c, i) =>
            {
                await gate.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    source.Add(c.Scenario);
                    results[i] = await runner.RunCaseAsync(server, client, c.Scenario, c.Expectation, _runOptions, ct).ConfigureAwait(false);
                }
                finally
                {
                    source.Remove(c.Scenario.Id);
                    gate.Release();
                }
                var finished = Interlocked.Increment(ref done);
                progress?.Report(new ExploreProgress(before + finished, options.Budget, Findings.Count, _scenario, _number, scenarioCount, _phase));
            }).ToList();
            await Task.WhenAll(tasks).ConfigureAwait(false);
            return results;
        }

        private static string Join(IReadOnlyList<string> parts) =>
            parts.Count == 1 ? parts[0] : string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1];

        private static bool Fails(CaseResult result, string rule) => result.Verdicts.Any(v => v.RuleId == rule && v.Verdict.IsFailure());

        private static string Ending(LineEnding e) => e switch { LineEnding.CrLf => "crlf", LineEnding.Cr => "cr", LineEnding.Mixed => "mixed", _ => "lf" };

        private static PlanSummary Summary(PlanSpace space, WritePlan plan)
        {
            var offsets = space.OffsetsOf(plan);
            var uniform = space.UniformEnding(plan);
            var forced = plan.Segments.Skip(1).Count(s => space.Segments[s].DelayMs is not null);
            return new PlanSummary
            {
                Offsets = offsets,
                Places = [.. offsets.Select(o => space.KindAt(plan, o).Label())],
                Events = plan.Segments.Count,
                OfEvents = space.Segments.Count,
                LineEndings = uniform is { } u ? Ending(u) : "per-line",
                Lines = uniform is null
                    ? string.Join(",", plan.Segments.SelectMany(s => Enumerable.Range(space.Segments[s].FirstSlot, space.Segments[s].Slots.Count)).Select(i => Ending(plan.Endings[i])))
                    : null,
                Writes = offsets.Count + forced + 1,
            };
        }
    }

    /// <summary>One scenario's exploration in progress: its plan space, generator and what was found so far.</summary>
    private sealed class ScenarioRun(Scenario scenario, int number, PlanSpace? space, Expectation? own, PlanGenerator? generator)
    {
        public Scenario Scenario { get; } = scenario;
        public int Number { get; } = number;
        public PlanSpace Space => space!;
        public Expectation Own => own!;
        public PlanGenerator Generator => generator!;
        public IReadOnlyList<string> Passing { get; init; } = [];
        public IReadOnlyList<string> FailingOwn { get; init; } = [];
        public HashSet<string> Covered { get; } = [];
        public IEnumerable<string> Uncovered => Passing.Where(r => !Covered.Contains(r));
        public HashSet<string> Tried { get; } = [];
        public Dictionary<string, Expectation> Twins { get; } = [];
        public int Plans { get; set; }
        public int Skipped { get; set; }
        public int Runs { get; set; }
        public string? Note { get; set; }
        public bool Done { get; set; }
        public List<int> Flaky { get; } = [];
        public List<string> Findings { get; } = [];
        private bool Started => space is not null && generator is not null;

        /// <summary>Still has rules to find failing and plans to try.</summary>
        public bool Open => Started && !Done && Uncovered.Any();

        public static ScenarioRun Closed(Scenario scenario, int number, string why) => new(scenario, number, null, null, null) { Note = why, Done = true };

        public ScenarioExploration Exploration() => new()
        {
            ScenarioId = Scenario.Id, Explored = Started && Plans > 0, Note = Note, PassingRules = Passing, FailingRules = FailingOwn,
            Plans = Plans, Skipped = Skipped, Runs = Runs, Flaky = Flaky, Findings = Findings,
        };
    }
}
