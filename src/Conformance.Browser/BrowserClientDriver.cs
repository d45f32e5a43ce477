using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conformance.Core.Observations;
using Conformance.Core.Scoring;
using Conformance.Core.Results;
using Conformance.Core.Scenarios;
using Conformance.Runner.Clients;
using Microsoft.Playwright;

namespace Conformance.Browser;

/// <summary>
/// Runs a browser target for one case in a fresh BrowserContext + page of the session's Chromium
/// (docs/browser-contract.md). Observations arrive through <c>ctx.emit</c> and are collected with the
/// same rules as the process contract; a module that throws is a fault with its error as Stderr; at the
/// case timeout the context is closed and the run is TimedOut. Attachments: <c>console</c> (every console
/// message and page error) and, per <see cref="Screenshots"/>, <c>screenshot</c> as a data: URI.
/// Safe for parallel <see cref="RunAsync"/> calls.
/// </summary>
public sealed class BrowserClientDriver : IClientDriver
{
    private readonly BrowserSession _session;

    internal BrowserClientDriver(BrowserSession session, BrowserTarget target, Uri moduleUrl)
    {
        _session = session;
        Target = target;
        ModuleUrl = moduleUrl;
    }

    public string Name => Target.Name;

    public BrowserTarget Target { get; }

    public Uri ModuleUrl { get; }

    /// <summary>The session's <see cref="BrowserSession.EnvironmentLabel"/>, for ClientInfo.Environment.</summary>
    public string Environment => _session.EnvironmentLabel;

    public ScreenshotPolicy Screenshots { get; set; } = ScreenshotPolicy.OnError;

    /// <summary>
    /// The report's client entry: driver <c>browser</c>, the target (built-in name or module path), the
    /// profile (<paramref name="profile"/>, else the target's own, else <c>openai</c>) and the browser version.
    /// </summary>
    public ClientInfo ClientInfo(string? profile = null) =>
        new(Name, "browser", Target.IsBuiltIn ? Target.Name : Target.ModulePath, profile ?? Target.Profile ?? "openai", Environment);

    public async Task<ClientRun> RunAsync(ClientInvocation invocation, TimeSpan timeout, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        var startedAt = DateTimeOffset.UtcNow; // re-taken when the observation clock starts: AtMs counts from there
        var collector = new ObservationCollector();
        var console = new List<string>();
        void Log(string line) { lock (console) console.Add(line); }
        Stopwatch? clock = null;
        var commandLine = $"{_session.BrowserName} {_session.Version}: import(\"{ModuleUrl}\") from {HarnessPageUrl} [{Target.ModulePath}]";

        IBrowserContext? context = null;
        try
        {
            context = await _session.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = 900, Height = 700 },
                ServiceWorkers = ServiceWorkerPolicy.Block,
            }).ConfigureAwait(false);
            // AtMs is taken here, on the .NET side, when the binding fires: ms since run(ctx) was called.
            await context.ExposeFunctionAsync<string, bool>(HarnessPage.EmitBinding, line =>
            {
                lock (collector) collector.AddLine(line, clock?.Elapsed.TotalMilliseconds ?? 0);
                return true;
            }).ConfigureAwait(false);
            var page = await context.NewPageAsync().ConfigureAwait(false);
            page.Console += (_, m) => Log($"[{m.Type}] {m.Text}");
            page.PageError += (_, e) => Log($"[pageerror] {e}");
            page.RequestFailed += (_, r) => Log($"[requestfailed] {r.Method} {r.Url}: {r.Failure}");
            await page.GotoAsync(HarnessPageUrl.ToString()).WaitAsync(ct).ConfigureAwait(false);

            var args = new JsonObject { ["moduleUrl"] = ModuleUrl.ToString(), ["ctx"] = Ctx(invocation) }.ToJsonString();
            clock = Stopwatch.StartNew();
            startedAt = DateTimeOffset.UtcNow;
            var run = page.EvaluateAsync<string>(HarnessPage.RunExpression, args);
            _ = run.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);

            var remaining = timeout - total.Elapsed;
            var finished = remaining > TimeSpan.Zero && await Task.WhenAny(run, Task.Delay(remaining, ct)).ConfigureAwait(false) == run;
            ct.ThrowIfCancellationRequested();

            if (!finished)
            {
                Log($"[harness] case timeout after {timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms: closing the context");
                await TryAsync(() => page.EvaluateAsync(HarnessPage.AbortExpression)).ConfigureAwait(false);
                var shot = Screenshots == ScreenshotPolicy.Never ? null : await CaptureScreenshotAsync(page).ConfigureAwait(false);
                return Result(collector, [.. Snapshot(collector).Faults], timedOut: true, stderr: "", total, commandLine, console, shot);
            }

            List<string> faults;
            var stderr = "";
            RunOutcome outcome;
            try
            {
                outcome = JsonSerializer.Deserialize<RunOutcome>(await run.ConfigureAwait(false), OutcomeJson) ?? new RunOutcome { Ok = false, Error = "no outcome" };
            }
            catch (PlaywrightException ex)
            {
                outcome = new RunOutcome { Ok = false, Phase = "browser", Error = ex.Message.Split('\n')[0], Stack = ex.Message };
            }
            lock (collector) faults = [.. collector.FinalFaults()];
            if (!outcome.Ok)
            {
                stderr = outcome.Stack ?? outcome.Error ?? "";
                faults.Insert(0, outcome.Phase switch
                {
                    "import" => $"could not load module {ModuleUrl}: {outcome.Error}",
                    "browser" => $"the page failed: {outcome.Error}",
                    _ => $"module threw: {outcome.Error}",
                });
            }
            // A cancelling case: keep the page alive CONFORMANCE_LINGER_MS after run() resolved, so a cancel
            // that left the connection open shows as a close at the page's end, not hidden by it.
            if (invocation.CancelAfter is not null) await Task.Delay(invocation.LingerMs, ct).ConfigureAwait(false);
            var failed = faults.Count > 0 || Snapshot(collector).Observations.Any(o => o is ErrorObservation);
            var screenshot = Screenshots == ScreenshotPolicy.Always || (Screenshots == ScreenshotPolicy.OnError && failed)
                ? await CaptureScreenshotAsync(page).ConfigureAwait(false)
                : null;
            return Result(collector, faults, timedOut: false, stderr, total, commandLine, console, screenshot) with
            {
                Lifetime = new ClientLifetime(startedAt, DateTimeOffset.UtcNow), // the context closes right after
            };
        }
        catch (PlaywrightException ex)
        {
            // The browser itself failed (crashed, closed under us): a fault of this case, not a harness bug.
            return Result(collector, [$"browser error: {ex.Message.Split('\n')[0]}"], timedOut: false, ex.Message, total, commandLine, console, null);
        }
        finally
        {
            if (context is not null) await TryAsync(() => context.CloseAsync()).ConfigureAwait(false);
        }
    }

    private Uri HarnessPageUrl => _session.HarnessUrl;

    /// <summary>The page as a <c>data:image/png;base64,…</c> URI, or null when the page cannot be captured.</summary>
    public static async Task<string?> CaptureScreenshotAsync(IPage page)
    {
        try
        {
            var png = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true, Timeout = 5000 }).ConfigureAwait(false);
            return "data:image/png;base64," + Convert.ToBase64String(png);
        }
        catch (PlaywrightException)
        {
            return null;
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    /// <summary>ctx minus signal and emit, which the page adds (docs/browser-contract.md).</summary>
    internal static JsonObject Ctx(ClientInvocation invocation) => new()
    {
        ["baseUrl"] = invocation.BaseUrl,
        ["api"] = invocation.Api.Name,
        ["endpoint"] = invocation.Api.Endpoints[0].BelowBase,
        ["apiKey"] = invocation.ApiKey,
        ["request"] = invocation.RequestJson,
        ["caseId"] = invocation.CaseId,
        ["cancelAfter"] = invocation.CancelAfter,
        ["timeoutMs"] = invocation.IdleTimeoutMs,
        ["maxRetries"] = invocation.MaxRetries,
        ["reconnects"] = invocation.Reconnects,
        ["profile"] = invocation.Profile,
    };

    private static (IReadOnlyList<Observation> Observations, IReadOnlyList<string> Faults) Snapshot(ObservationCollector collector)
    {
        lock (collector) return ([.. collector.Observations], [.. collector.Faults]);
    }

    private static ClientRun Result(ObservationCollector collector, IReadOnlyList<string> faults, bool timedOut, string stderr, Stopwatch total,
        string commandLine, List<string> console, string? screenshot)
    {
        var attachments = new Dictionary<string, string>();
        lock (console) attachments["console"] = string.Join('\n', console);
        if (screenshot is not null) attachments["screenshot"] = screenshot;
        return new ClientRun
        {
            Observations = Snapshot(collector).Observations,
            Faults = faults,
            TimedOut = timedOut,
            Stderr = stderr,
            DurationMs = Math.Round(total.Elapsed.TotalMilliseconds, 1),
            CommandLine = commandLine,
            Attachments = attachments,
        };
    }

    private static async Task TryAsync(Func<Task> action)
    {
        try { await action().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false); }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException) { }
    }

    private static readonly JsonSerializerOptions OutcomeJson = new() { PropertyNameCaseInsensitive = true };

    private sealed record RunOutcome
    {
        public bool Ok { get; init; }
        public string? Phase { get; init; }
        public string? Error { get; init; }
        public string? Stack { get; init; }
    }
}
