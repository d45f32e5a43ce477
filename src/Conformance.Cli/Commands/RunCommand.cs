using System.CommandLine;
using Conformance.Browser;
using Conformance.Cli.Running;
using Conformance.Core.Capabilities;
using Conformance.Core.Gating;
using Conformance.Core.Reports;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scenarios;
using Conformance.Runner.Clients;
using Conformance.Runner.Running;

namespace Conformance.Cli.Commands;

/// <summary>`run`: score clients on the catalogue; with no client given, the bundled reference clients (the main job).</summary>
public sealed class RunCommand : ICommand
{
    public string Name => "run";
    public string Summary => "score clients on the catalogue and write reports (default: the bundled reference clients)";

    private const string Epilogue = """
        With no --client, --browser or --preset: the bundled reference clients, checked against clients/expected-failures.json.
        exit: 0 pass, 1 a case failed (or a score is below --threshold), 2 stale baseline, 3 usage or harness error,
              130 interrupted (the reports hold the cases that finished)
        """;

    public CommandDefinition Define()
    {
        var clients = new ClientOptions(
            "a process adapter (docs/adapter-protocol.md); repeat to compare clients",
            $"run in headless Chromium: {string.Join(", ", BrowserTargets.BuiltInNames)}, or a path to an ES module (docs/browser-contract.md); repeatable",
            "retries,idle-timeout,cancel,status,total-timeout,reconnect");
        var preset = SharedOptions.Text("--preset", "NAME",
            "sdks: the real SDKs behind their pinned adapters (clients/sdks), side by side, each scored on what its hello declares; findings triaged in clients/sdks/findings.json");
        preset.CompletionSources.Add("sdks");
        var browserPath = SharedOptions.Text("--browser-path", "PATH", "the Chromium to use (default: $CONFORMANCE_BROWSER, then /usr/bin/chromium)");
        var profile = SharedOptions.Profile("dialect the clients claim (default: openai; browser built-ins default to their own, eventsource: whatwg)");
        var filter = SharedOptions.Filter("scenario ids to run");
        var shard = SharedOptions.Text("--shard", "I/N",
            "run part I of N of the selected cases (by a hash of client + scenario id); combine the parts' report folders with `conformance merge DIR...`");
        var parallel = SharedOptions.Parallel("cases", "number of cores; longest first");
        var timeoutMs = SharedOptions.TimeoutMs(20_000);
        var report = new ReportOutput.Options();
        var writeBaseline = SharedOptions.Text("--write-baseline", "FILE", "write the current failures as a baseline");
        var scenarios = SharedOptions.Repeatable("--scenarios", "DIR", "a folder of your own scenarios, run beside the built-in catalogue (repeatable)");
        var rules = SharedOptions.Rules();

        var command = new Command(Name, Summary);
        clients.AddTo(command);
        foreach (var o in new Option[] { preset, browserPath, profile, filter, shard, parallel, timeoutMs }) command.Options.Add(o);
        report.AddTo(command);
        foreach (var o in new Option[] { writeBaseline, scenarios, rules }) command.Options.Add(o);

        return new CommandDefinition(command, (parse, console, ct) =>
        {
            var presetName = parse.GetValue(preset);
            if (presetName is not null and not "sdks") throw new UsageException($"unknown preset '{presetName}'; presets: sdks");
            var shardText = parse.GetValue(shard);
            var (shardInfo, shardError) = shardText is null ? (null, null) : RunOptions.ParseShard(shardText);
            if (shardError is not null) throw new UsageException(shardError);
            var settings = new Settings(clients.InOrder(parse), parse.GetValue(profile), presetName, parse.GetValue(browserPath), parse.GetValue(filter),
                SharedOptions.ParallelOf(parse, parallel, RunOptions.DefaultParallel), parse.GetValue(timeoutMs)!.Value, shardInfo, report.Read(parse), parse.GetValue(writeBaseline),
                // The built-in catalogue, plus the user's own folders beside it (a scenario id in both is an error).
                [RepoPaths.Scenarios, .. parse.GetValue(scenarios) ?? []], parse.GetValue(rules) ?? RepoPaths.Rules);
            return RunAsync(settings, console, ct);
        }) { Epilogue = Epilogue };
    }

    /// <summary>The command line, read.</summary>
    private sealed record Settings(
        IReadOnlyList<(string Name, string? Value)> ClientArgs, Profile? Forced, string? Preset, string? BrowserPath, string? Filter,
        int Parallel, int TimeoutMs, ShardInfo? Shard, ReportOutput Report, string? WriteBaseline, IReadOnlyList<string> ScenariosDirs, string RulesFile);

    private static async Task<int> RunAsync(Settings settings, Console2 console, CancellationToken ct)
    {
        var (clientArgs, forced, preset, browserPath, filter, parallel, timeoutMs, shard, report, writeBaseline, scenariosDirs, rulesFile) = settings;
        var (inputs, errors) = LoadInputs(scenariosDirs, rulesFile);
        foreach (var e in errors) console.Err.WriteLine(e);
        if (errors.Count > 0) return ExitCodes.Usage;
        var runner = new ConformanceRunner(inputs.Scenarios, inputs.Rules.All);
        var unknown = runner.UnknownRuleIds();
        if (unknown.Count > 0)
        {
            console.Err.WriteLine("scenarios cite rules missing from the catalogue: " + string.Join(", ", unknown));
            return ExitCodes.Usage;
        }
        var options = new RunOptions { Parallel = parallel, CaseTimeout = TimeSpan.FromMilliseconds(timeoutMs), Filter = filter, Shard = shard };
        var selected = inputs.Scenarios.All.Count(s => options.Matches(s.Id));
        if (selected == 0) throw new UsageException($"--filter '{filter}' matches no scenario");

        BrowserSession? browser = null;
        try
        {
            var clients = preset is null
                ? await ClientsAsync(clientArgs, forced, browserPath, s => browser = s, console, ct).ConfigureAwait(false)
                : [.. await PresetAsync(forced, console, ct).ConfigureAwait(false), .. clientArgs.Count > 0 ? await ClientsAsync(clientArgs, forced, browserPath, s => browser = s, console, ct).ConfigureAwait(false) : []];
            console.Out.WriteLine($"Scoring {clients.Count} client(s) × {selected} scenarios, {parallel} at a time{(shard is null ? "" : $", shard {shard} of the cases (merge the shards' folders with `conformance merge`)")}.");
            foreach (var c in clients)
            {
                console.Out.WriteLine($"  {c.Info.Name,-24} {c.Info.Driver,-8} profile {c.Info.Profile,-9} {c.Info.Environment ?? c.Info.Target}");
                if (c.Capabilities.DeclaredBy != "default") console.Out.WriteLine($"  {"",-24} {c.Capabilities}{(c.Info.Sdk is { } sdk ? $"; sdk {sdk}" : "")}");
            }

            var progress = new ProgressBar(console.Err, interactive: !Console.IsErrorRedirected && ReferenceEquals(console.Err, Console.Error));
            var run = await runner.RunAsync(clients, options, progress, ct).ConfigureAwait(false);
            run = run with { Tool = ToolVersion.Current, Catalogue = new CatalogueInfo(CatalogueHash.Of(scenariosDirs, rulesFile), inputs.Scenarios.All.Count, inputs.Rules.All.Count) };

            var selfCheck = preset is null && clientArgs.Count == 0 && report.Baseline is null && report.Threshold is null;
            var gate = await report.WriteAsync(run, console, showGate: !selfCheck, ct).ConfigureAwait(false);
            if (run.Interrupted) return ExitCodes.Interrupted; // a partial run: no baseline, no self-check
            if (writeBaseline is not null)
            {
                Baseline.FromRun(run).Save(writeBaseline);
                console.Out.WriteLine($"  wrote baseline {Path.GetFullPath(writeBaseline)}");
            }
            return selfCheck ? SelfCheck(run, console) : gate.ExitCode;
        }
        catch (BrowserNotFoundException ex)
        {
            console.Err.WriteLine(ex.Message);
            return ExitCodes.Usage;
        }
        finally
        {
            if (browser is not null) await browser.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The main job scores the bundled reference clients, some of which are broken on purpose: it passes
    /// when each behaves as clients/expected-failures.json says, and fails on any difference.
    /// </summary>
    internal static int SelfCheck(RunResult run, Console2 console)
    {
        // One shard holds some of each client's cases: it can show a rule broken that should not be, not one no longer broken.
        var differences = ExpectedFailures.Load(Path.Combine(RepoPaths.Clients, "expected-failures.json")).Differences(run, partial: run.Shard is not null);
        console.Out.WriteLine();
        if (differences.Count == 0)
        {
            console.Out.WriteLine("Reference clients as expected: the careful ones pass every rule; each known-bad one fails exactly");
            console.Out.WriteLine("the rules its bug breaks (clients/expected-failures.json). exit 0");
            return ExitCodes.Ok;
        }
        foreach (var d in differences) console.Out.WriteLine("  unexpected: " + d);
        console.Out.WriteLine("Reference clients differ from clients/expected-failures.json. exit 1");
        return ExitCodes.Failed;
    }

    internal sealed record Inputs(ScenarioCatalog Scenarios, RuleCatalog Rules);

    internal static (Inputs Inputs, IReadOnlyList<string> Errors) LoadInputs(string scenariosDir, string rulesFile) => LoadInputs([scenariosDir], rulesFile);

    /// <summary>The scenarios of every folder (ids must not repeat across them) and the rule catalogue, with every error.</summary>
    internal static (Inputs Inputs, IReadOnlyList<string> Errors) LoadInputs(IReadOnlyList<string> scenariosDirs, string rulesFile)
    {
        foreach (var dir in scenariosDirs)
            if (!Directory.Exists(dir)) throw new UsageException($"no scenario folder at {dir}");
        if (!File.Exists(rulesFile)) throw new UsageException($"no rule catalogue at {rulesFile}");
        var errors = new List<string>();
        var scenarios = new List<Scenario>();
        var from = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var dir in scenariosDirs)
        {
            var loaded = ScenarioCatalog.LoadDirectory(dir);
            errors.AddRange(loaded.Errors.Select(e => "invalid scenario: " + e));
            foreach (var s in loaded.Catalog.All)
            {
                if (from.TryGetValue(s.Id, out var other)) { errors.Add($"invalid scenario: {s.SourcePath}: $.id: duplicate id '{s.Id}', also in {other}"); continue; }
                from[s.Id] = dir;
                scenarios.Add(s);
            }
        }
        var (rules, ruleErrors) = RuleCatalog.LoadFile(rulesFile);
        return (new Inputs(new ScenarioCatalog(scenarios), rules), [.. errors, .. ruleErrors.Select(e => "invalid rule: " + e)]);
    }

    /// <summary>One --client/--browser with the options that follow it.</summary>
    private sealed record ClientSpec(string Kind, string Target)
    {
        public string? Label { get; init; }
        public string? Apis { get; init; }
        public string? Features { get; init; }
        public string? Observes { get; init; }
    }

    /// <summary>The clients of --client/--browser and the options that follow each (shared with <c>explore</c>).</summary>
    internal static async Task<IReadOnlyList<ClientUnderTest>> ClientsAsync(
        IReadOnlyList<(string Name, string? Value)> args, Profile? forced, string? browserPath,
        Action<BrowserSession> onBrowserStarted, Console2 console, CancellationToken ct)
    {
        var specs = new List<ClientSpec>();
        foreach (var (name, value) in args)
        {
            if (name is "client" or "browser") { specs.Add(new ClientSpec(name, value ?? throw new UsageException($"--{name} needs a value"))); continue; }
            if (specs.Count == 0) throw new UsageException($"--{name} must follow the --client or --browser it describes");
            if (value is null) throw new UsageException($"--{name} needs a value");
            specs[^1] = name switch
            {
                "name" => specs[^1] with { Label = value },
                "apis" => specs[^1] with { Apis = value },
                "features" => specs[^1] with { Features = value },
                _ => specs[^1] with { Observes = value },
            };
        }
        if (specs.Count == 0)
        {
            // The main job: the bundled reference clients.
            var profile = forced ?? Profiles.Default;
            var references = ReferenceClients.Node(RepoPaths.Clients).ToList();
            references.Insert(1, await ReferenceClients.DotnetAsync(RepoPaths.Root, console.Err, ct).ConfigureAwait(false));
            return await Task.WhenAll(references.Select(r => ReferenceClients.ClientAsync(r, RepoPaths.Root, profile, ct))).ConfigureAwait(false);
        }

        BrowserSession? session = null;
        var clients = new List<ClientUnderTest>();
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            if (spec.Kind == "client")
            {
                var name = spec.Label ?? (specs.Count == 1 ? "client" : $"client-{i + 1}");
                clients.Add(await ProcessClientAsync(name, spec.Target, Environment.CurrentDirectory, forced ?? Profiles.Default, spec, ct).ConfigureAwait(false));
                continue;
            }
            if (session is null)
            {
                session = await BrowserSession.StartAsync(new BrowserOptions { ExecutablePath = browserPath }, ct).ConfigureAwait(false);
                onBrowserStarted(session);
            }
            BrowserClientDriver driver;
            try { driver = await session.CreateDriverAsync(spec.Target, ct).ConfigureAwait(false); }
            catch (ArgumentException ex) { throw new UsageException(ex.Message); }
            // Every failing case must carry a screenshot, and a client that quietly garbles text fails
            // without raising: capture always, the runner keeps the failing cases' shots only.
            driver.Screenshots = ScreenshotPolicy.Always;
            var browserProfile = forced ?? (driver.Target.Profile is { } own ? Profiles.Find(own) : null) ?? Profiles.Default;
            var capabilities = Override(driver.Target.Capabilities, spec);
            var info = driver.ClientInfo(browserProfile.Name) with { Capabilities = capabilities.ToString() };
            if (spec.Label is not null) info = info with { Name = spec.Label };
            clients.Add(new ClientUnderTest(driver, browserProfile, info) { Capabilities = capabilities });
        }
        if (clients.Select(c => c.Info.Name).Distinct().Count() != clients.Count)
            throw new UsageException("two clients have the same name; label them with --name");
        return clients;
    }

    /// <summary>`--preset sdks`: every SDK adapter in clients/sdks, prepared (npm ci, dotnet build) and greeted.</summary>
    private static async Task<IReadOnlyList<ClientUnderTest>> PresetAsync(Profile? forced, Console2 console, CancellationToken ct)
    {
        return await SdkClients.ClientsAsync(RepoPaths.Root, forced ?? Profiles.Default, console.Err, ct).ConfigureAwait(false);
    }

    /// <summary>A process adapter: its hello (if it greets), then what the command line says on top.</summary>
    private static async Task<ClientUnderTest> ProcessClientAsync(string name, string command, string workingDirectory, Profile profile, ClientSpec? spec, CancellationToken ct)
    {
        var hello = await AdapterHandshake.HelloAsync(command, workingDirectory, AdapterHandshake.DefaultTimeout, ct).ConfigureAwait(false);
        if (hello is { Errors.Count: > 0 }) throw new UsageException($"{name}: {string.Join("; ", hello.Errors)}");
        var capabilities = Override(hello?.Capabilities ?? ClientCapabilities.Everything, spec);
        var info = new ClientInfo(name, "process", command, profile.Name) { Capabilities = capabilities.ToString(), Sdk = hello?.Sdk };
        // An adapter whose hello offers "modes":["service"] serves case after case (docs/adapter-protocol.md, Service mode).
        return new ClientUnderTest(new ProcessClientDriver(name, command, workingDirectory, hello?.Mode ?? AdapterMode.PerProcess), profile, info) { Capabilities = capabilities };
    }

    /// <summary>The command line narrows or replaces what a client declared, field by field.</summary>
    private static ClientCapabilities Override(ClientCapabilities declared, ClientSpec? spec)
    {
        if (spec is null || spec.Apis is null && spec.Features is null && spec.Observes is null) return declared;
        var (capabilities, errors) = ClientCapabilities.Parse(
            spec.Apis?.Split(','), spec.Features?.Split(','), spec.Observes, declared.DeclaredBy == "default" ? "command line" : declared.DeclaredBy + " + command line", declared);
        if (errors.Count > 0) throw new UsageException(string.Join("; ", errors.Select(e => $"--client {spec.Target}: {e}")));
        return capabilities;
    }
}
