using System.Collections.Concurrent;
using Conformance.Core.Capabilities;
using Conformance.Core.Catalogues;
using Conformance.Core.Dialects;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Core.Scoring;
using Conformance.Runner.Running;
using Conformance.Server.Catalog;
using Conformance.Server.Hosting;
using NUnit.Framework;

namespace Conformance.Testing;

/// <summary>
/// The harness in-process: the scenario and rule catalogues, the mock server (started on the first case, on 127.0.0.1
/// port 0), the cases as NUnit test cases, and each case run and scored by the runner's own path
/// (<see cref="ConformanceRunner.RunCaseAsync"/>). See docs/testing-package.md.
/// <code>
/// static readonly CaseSelection Selection = new() { Client = new("my-sdk") { Apis = ["openai-chat"] } };
/// public static IEnumerable&lt;TestCaseData&gt; Cases() => ConformanceSuite.Default.Cases(Selection);
///
/// [TestCaseSource(nameof(Cases))]
/// public async Task Conforms(ConformanceCase c) =>
///     (await ConformanceSuite.Default.RunAsync(c, MyClient.RunAsync)).AssertExpected();
/// </code>
/// </summary>
public sealed class ConformanceSuite : IAsyncDisposable
{
    private static readonly Lazy<ConformanceSuite> Shared = new(() => Load(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ScenarioCatalog _scenarios;
    private readonly Dictionary<string, Rule> _rules;
    private readonly ConformanceRunner _runner;
    private readonly ConcurrentDictionary<(string Scenario, string Profile), Expectation> _expectations = new();
    private readonly SemaphoreSlim _starting = new(1, 1);
    private MockServer? _server;

    private ConformanceSuite(string root, ScenarioCatalog scenarios, RuleCatalog rules)
    {
        CatalogueRoot = root;
        _scenarios = scenarios;
        _rules = rules.All.ToDictionary(r => r.Id, StringComparer.Ordinal);
        _runner = new ConformanceRunner(scenarios, rules.All);
    }

    /// <summary>
    /// The suite of the catalogues this package carries (or of the clone it runs in), shared by the test process: loaded
    /// when the first case source asks (NUnit's discovery), its server started by the first case; it lives as long as the
    /// test process (a suite of your own from <see cref="Load"/> can be disposed in a one-time teardown).
    /// </summary>
    public static ConformanceSuite Default => Shared.Value;

    /// <summary>The folder holding scenarios/ and rules/.</summary>
    public string CatalogueRoot { get; }

    /// <summary>A client still running after this long is TIMEOUT (the CLI's <c>--timeout-ms</c>; default 20 s).</summary>
    public TimeSpan CaseTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The API key the cases hand the client.</summary>
    public string ApiKey { get; init; } = "sk-conformance-test";

    /// <summary>
    /// Loads the catalogues below <paramref name="catalogueRoot"/> (default: the clone this runs in, else the copy next
    /// to the test assembly). Every error in them is collected into one <see cref="InvalidOperationException"/>, with its
    /// file and JSON path.
    /// </summary>
    public static ConformanceSuite Load(string? catalogueRoot = null)
    {
        var root = catalogueRoot ?? Conformance.Core.Catalogues.CatalogueRoot.Find(AppContext.BaseDirectory).Root;
        var scenariosDir = Core.Catalogues.CatalogueRoot.Scenarios(root);
        var rulesFile = Core.Catalogues.CatalogueRoot.Rules(root);
        if (!Directory.Exists(scenariosDir) || !File.Exists(rulesFile))
            throw new InvalidOperationException($"no catalogue at {root}: expected {scenariosDir} and {rulesFile} (the package copies them to the test project's output)");
        var scenarios = ScenarioCatalog.LoadDirectory(scenariosDir);
        var (rules, ruleErrors) = RuleCatalog.LoadFile(rulesFile);
        var errors = scenarios.Errors.Select(e => $"scenarios/{e}").Concat(ruleErrors).ToList();
        var suite = new ConformanceSuite(root, scenarios.Catalog, rules);
        errors.AddRange(suite._runner.UnknownRuleIds().Select(u => $"scenario cites an unknown rule: {u}"));
        if (errors.Count > 0) throw new InvalidOperationException($"the catalogue at {root} has {errors.Count} error(s):\n  " + string.Join("\n  ", errors));
        return suite;
    }

    /// <summary>
    /// The selected cases as NUnit test cases, for <c>[TestCaseSource]</c>: each named by its scenario id, its family and
    /// API as categories (<c>dotnet test --filter TestCategory=encoding</c>), its rules as <c>Rule</c> properties, and
    /// Ignored with the NOT RUN reason when the client cannot take part. The argument is the <see cref="ConformanceCase"/>.
    /// </summary>
    public IEnumerable<TestCaseData> Cases(CaseSelection selection) => Select(selection).Select(c =>
    {
        var data = new TestCaseData(c).SetName(c.ScenarioId).SetDescription(c.Title).SetCategory(c.Family).SetCategory(c.Api);
        foreach (var r in c.Rules) data.SetProperty("Rule", r);
        foreach (var f in c.KnownFindings) data.SetProperty("KnownFinding", $"{f.RuleId} {f.Verdict}");
        return c.NotRunReason is { } why ? data.Ignore($"not run: {why}") : data;
    });

    /// <summary>The selected cases, ordered by scenario id. Throws <see cref="ArgumentException"/> naming every unknown API, family, rule, feature or profile.</summary>
    public IReadOnlyList<ConformanceCase> Select(CaseSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var errors = new List<string>();
        var (capabilities, capabilityErrors) = ClientCapabilities.Parse(selection.Client.Apis, selection.Client.Features, selection.Client.Observes, "Conformance.Testing");
        errors.AddRange(capabilityErrors.Select(e => $"Client: {e}"));
        var profile = Profiles.Find(selection.Profile);
        if (profile is null) errors.Add($"Profile: unknown profile '{selection.Profile}' (expected {string.Join(", ", Profiles.All.Select(p => p.Name))})");
        Unknown("Apis", selection.Apis, DialectCatalog.Names, errors);
        Unknown("Families", selection.Families, _scenarios.All.Select(s => s.Family).Distinct(), errors);
        Unknown("Rules", selection.Rules, _rules.Keys, errors);
        foreach (var f in selection.KnownFindings)
            if (_scenarios.Find(f.ScenarioId) is not { } s) errors.Add($"KnownFindings: unknown scenario '{f.ScenarioId}'");
            else if (!s.Rules.Contains(f.RuleId)) errors.Add($"KnownFindings: {f.ScenarioId} does not cite rule '{f.RuleId}'");
        if (errors.Count > 0) throw new ArgumentException("invalid case selection:\n  " + string.Join("\n  ", errors), nameof(selection));

        var glob = new RunOptions { Filter = selection.Scenarios };
        return [.. _scenarios.All
            .Where(s => selection.Apis is null || selection.Apis.Contains(s.Api.Name))
            .Where(s => selection.Families is null || selection.Families.Contains(s.Family))
            .Where(s => selection.Rules is null || s.Rules.Any(selection.Rules.Contains))
            .Where(s => glob.Matches(s.Id))
            .Select(s => new ConformanceCase(s, selection, capabilities, profile!))];
    }

    /// <summary>
    /// Runs one case: allocates it on the server, calls <paramref name="client"/> with the case's context and a sink,
    /// waits for the server's journal and scores the observations against it. A case the client cannot take part in is
    /// NOT RUN without calling it.
    /// </summary>
    public async Task<CaseVerdicts> RunAsync(ConformanceCase @case, ClientBody client, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(client);
        var server = await ServerAsync(ct).ConfigureAwait(false);
        var declared = @case.Selection.Client;
        var info = new ClientInfo(declared.Name, "in-process", declared.Sdk ?? declared.Name, @case.Profile.Name)
        {
            Capabilities = @case.Capabilities.ToString(),
            Sdk = declared.Sdk,
        };
        var under = new ClientUnderTest(new InProcessDriver(declared.Name, @case.ScenarioId, client), @case.Profile, info) { Capabilities = @case.Capabilities };
        var expectation = _expectations.GetOrAdd((@case.ScenarioId, @case.Profile.Name), _ => ExpectationBuilder.Build(@case.Scenario, @case.Profile));
        var options = new RunOptions { CaseTimeout = CaseTimeout, ApiKey = ApiKey };
        var result = await _runner.RunCaseAsync(server, under, @case.Scenario, expectation, options, ct).ConfigureAwait(false);
        return new CaseVerdicts(result, @case, _rules);
    }

    /// <summary>Stops the server (when one was started).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_server is { } server) await server.DisposeAsync().ConfigureAwait(false);
        _server = null;
        _starting.Dispose();
    }

    private async ValueTask<MockServer> ServerAsync(CancellationToken ct)
    {
        if (_server is { } running) return running;
        await _starting.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return _server ??= MockServer.Start(new MockServerOptions(), new CatalogScenarioSource(_scenarios));
        }
        finally { _starting.Release(); }
    }

    private static void Unknown(string what, IReadOnlyList<string>? names, IEnumerable<string> known, List<string> errors)
    {
        if (names is null) return;
        var set = known.ToHashSet(StringComparer.Ordinal);
        foreach (var n in names.Where(n => !set.Contains(n)))
            errors.Add($"{what}: unknown name '{n}' (expected one of {string.Join(", ", set.Order(StringComparer.Ordinal).Take(20))}{(set.Count > 20 ? ", …" : "")})");
    }
}
