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
/// (docs/browser-contract.md), made ahead of the case and closed after it in the background. Observations arrive through <c>ctx.emit</c> and are collected with the
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

    /// <summary>
    /// A fresh context with its page on the harness, its binding and its log, made before the case that takes it.
    /// Every case gets its own: a BrowserContext is Chromium's unit of network state (its own socket pool, cookies,
    /// cache), so no connection of one case can be reused, drained or closed in another's (the cancel rule judges
    /// when the case's own connection closed). Made ahead, while other cases wait on their streams, so a case does
    /// not pay for it; closed after the case in the background (see <see cref="Closing"/>).
    /// </summary>
    private sealed class PreparedPage
    {
        public required IBrowserContext Context { get; init; }
        public required IPage Page { get; init; }
        public List<string> Console { get; } = [];
        public ObservationCollector? Collector { get; set; }
        public Stopwatch? Clock { get; set; }
        public double StartedAtUnixMs { get; set; }

        public void Log(string line) { lock (Console) Console.Add(line); }
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<Task<PreparedPage>> _prepared = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, byte> _closing = new();

    /// <summary>Contexts still closing after their cases (the session waits for them before it closes the browser).</summary>
    internal IReadOnlyCollection<Task> Closing => [.. _closing.Keys];

    /// <summary>How many contexts are kept made ahead of the cases that will take them.</summary>
    public int PreparedAhead { get; set; } = 1;

    private async Task<PreparedPage> PrepareAsync()
    {
        var context = await _session.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 900, Height = 700 },
            ServiceWorkers = ServiceWorkerPolicy.Block,
        }).ConfigureAwait(false);
        try
        {
            PreparedPage? prepared = null;
            // AtMs is the page's own stamp of the emit (wall-clock ms) minus the case's start: the binding's trip to .NET
            // (CDP, Playwright's driver) took up to 800 ms under load, so a receipt time would misplace every observation.
            await context.ExposeFunctionAsync<string, double, bool>(HarnessPage.EmitBinding, (line, stampedAt) =>
            {
                if (prepared?.Collector is { } collector)
                {
                    var atMs = double.IsFinite(stampedAt) && stampedAt > 0
                        ? Math.Max(0, stampedAt - prepared.StartedAtUnixMs)
                        : prepared.Clock?.Elapsed.TotalMilliseconds ?? 0;
                    lock (collector) collector.AddLine(line, Math.Round(atMs, 3));
                }
                return true;
            }).ConfigureAwait(false);
            var page = await context.NewPageAsync().ConfigureAwait(false);
            prepared = new PreparedPage { Context = context, Page = page };
            page.Console += (_, m) => prepared.Log($"[{m.Type}] {m.Text}");
            page.PageError += (_, e) => prepared.Log($"[pageerror] {e}");
            page.RequestFailed += (_, r) => prepared.Log($"[requestfailed] {r.Method} {r.Url}: {r.Failure}");
            await page.GotoAsync(HarnessPageUrl.ToString()).ConfigureAwait(false);
            return prepared;
        }
        catch
        {
            await TryAsync(() => context.CloseAsync()).ConfigureAwait(false);
            throw;
        }
    }

    private int _inFlight;
    private int _mostInFlight;

    /// <summary>
    /// A made-ahead page if one is queued, else one made now. When cases run side by side (the browser is shared
    /// anyway), the page for a later case is started at once, so that it is ready when that case comes; a case that
    /// runs alone (fetch-naive runs one page at a time, so that a busy browser does not merge two writes into one
    /// read) never shares the browser with a page being made: its successor is made after it (<see cref="PrepareNext"/>).
    /// </summary>
    private Task<PreparedPage> TakePrepared()
    {
        var running = Interlocked.Increment(ref _inFlight);
        if (running > Volatile.Read(ref _mostInFlight)) Volatile.Write(ref _mostInFlight, running);
        var page = _prepared.TryDequeue(out var ready) ? ready : PrepareAsync();
        if (Volatile.Read(ref _mostInFlight) > 1) PrepareNext();
        return page;
    }

    /// <summary>Keeps <see cref="PreparedAhead"/> pages (one per case seen running at once, when more) in the making.</summary>
    private void PrepareNext()
    {
        var ahead = Math.Max(PreparedAhead, Volatile.Read(ref _mostInFlight));
        while (_prepared.Count < ahead) _prepared.Enqueue(Observed(PrepareAsync()));
    }

    private static Task<PreparedPage> Observed(Task<PreparedPage> t)
    {
        _ = t.ContinueWith(x => _ = x.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
        return t;
    }

    /// <summary>Closes the made-ahead contexts and waits for the closing ones (the session calls it before closing the browser).</summary>
    internal async Task DrainAsync()
    {
        while (_prepared.TryDequeue(out var t))
        {
            try { var p = await t.ConfigureAwait(false); await TryAsync(() => p.Context.CloseAsync()).ConfigureAwait(false); }
            catch (PlaywrightException) { }
        }
        await Task.WhenAll(Closing).ConfigureAwait(false);
    }

    private void CloseInBackground(IBrowserContext context)
    {
        var t = TryAsync(() => context.CloseAsync());
        _closing[t] = 0;
        _ = t.ContinueWith(x => _closing.TryRemove(x, out _), TaskScheduler.Default);
    }

    public async Task<ClientRun> RunAsync(ClientInvocation invocation, TimeSpan timeout, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        var startedAt = DateTimeOffset.UtcNow; // re-taken when the observation clock starts: AtMs counts from there
        var collector = new ObservationCollector();
        var commandLine = $"{_session.BrowserName} {_session.Version}: import(\"{ModuleUrl}\") from {HarnessPageUrl} [{Target.ModulePath}]";
        var noConsole = new List<string>();

        PreparedPage? prepared = null;
        try
        {
            prepared = await TakePrepared().WaitAsync(ct).ConfigureAwait(false);
            var page = prepared.Page;
            var console = prepared.Console;
            var args = new JsonObject { ["moduleUrl"] = ModuleUrl.ToString(), ["ctx"] = Ctx(invocation) }.ToJsonString();
            var clock = Stopwatch.StartNew();
            prepared.Clock = clock;
            prepared.Collector = collector;
            startedAt = DateTimeOffset.UtcNow;
            prepared.StartedAtUnixMs = (startedAt - DateTimeOffset.UnixEpoch).TotalMilliseconds;
            var run = page.EvaluateAsync<string>(HarnessPage.RunExpression, args);
            _ = run.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);

            var remaining = timeout - total.Elapsed;
            var finished = remaining > TimeSpan.Zero && await Task.WhenAny(run, Task.Delay(remaining, ct)).ConfigureAwait(false) == run;
            ct.ThrowIfCancellationRequested();

            if (!finished)
            {
                prepared.Log($"[harness] case timeout after {timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms: closing the context");
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
            // The page's end, as the cancel rule sees it: the context (and every socket of the case) closes from here on.
            var gone = DateTimeOffset.UtcNow;
            var ranMs = total.Elapsed.TotalMilliseconds; // the client's run; the screenshot below is the harness's evidence
            var failed = faults.Count > 0 || Snapshot(collector).Observations.Any(o => o is ErrorObservation);
            var screenshot = Screenshots == ScreenshotPolicy.Always || (Screenshots == ScreenshotPolicy.OnError && failed)
                ? await CaptureScreenshotAsync(page).ConfigureAwait(false)
                : null;
            return Result(collector, faults, timedOut: false, stderr, total, commandLine, console, screenshot) with
            {
                Lifetime = new ClientLifetime(startedAt, gone) { StampedByClient = true },
                DurationMs = Math.Round(ranMs, 1),
            };
        }
        catch (PlaywrightException ex)
        {
            // The browser itself failed (crashed, closed under us): a fault of this case, not a harness bug.
            return Result(collector, [$"browser error: {ex.Message.Split('\n')[0]}"], timedOut: false, ex.Message, total, commandLine, prepared?.Console ?? noConsole, null);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            PrepareNext();
            if (prepared is not null) CloseInBackground(prepared.Context);
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
