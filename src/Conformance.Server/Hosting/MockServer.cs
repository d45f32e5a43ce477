using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Conformance.Core.Journal;
using Conformance.Core.Scenarios;
using Conformance.Server.Http;
using Conformance.Server.Journal;
using Conformance.Server.Routing;
using Conformance.Server.Streaming;
using WireMock.Server;

namespace Conformance.Server.Hosting;

/// <summary>
/// The adversarial mock server. A raw-socket front door on 127.0.0.1 answers scenario URLs with the
/// project's own byte-exact writer (<see cref="PlanWriter"/>) and journals every exchange; everything
/// else goes to WireMock.Net behind it (<see cref="WireMock"/>).
/// </summary>
public sealed class MockServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly WireMockBackend _backend;
    private readonly RequestRouter _router;
    private readonly PlanWriter _writer;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<int, (Socket Socket, Task Task)> _connections = new();
    private readonly Task _acceptLoop;
    private int _nextConnection;

    private MockServer(MockServerOptions options, IScenarioSource scenarios)
    {
        _time = options.Time;
        Scenarios = scenarios;
        Journal = new JournalStore(_time, options.MaxCases);
        _listener = new TcpListener(IPAddress.Loopback, options.Port);
        _listener.Server.NoDelay = true;
        _listener.Start(backlog: 1024);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        BaseUrl = new Uri($"http://127.0.0.1:{Port}/");
        _backend = WireMockBackend.Start(options.WireMockAdmin);
        _router = new RequestRouter(scenarios, Journal, new ControlApi(scenarios, Journal, () => BaseUrl));
        _writer = new PlanWriter(_time) { DefaultStall = options.StallLimit };
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
    }

    public static MockServer Start(MockServerOptions options, IScenarioSource scenarios) => new(options, scenarios);

    public int Port { get; }

    /// <summary><c>http://127.0.0.1:{port}/</c>. Scenario URLs hang below it.</summary>
    public Uri BaseUrl { get; }

    public IScenarioSource Scenarios { get; }

    public JournalStore Journal { get; }

    /// <summary>WireMock.Net, for users' own stubs on the same base URL.</summary>
    public WireMockServer WireMock => _backend.Server;

    /// <summary>Raised after every exchange (scenario, error or forwarded), for logging.</summary>
    public event Action<ExchangeLog>? ExchangeCompleted;

    /// <summary>Allocates a case with its own attempt counter and journal.</summary>
    public CaseHandle AllocateCase(string scenarioId)
    {
        var served = Scenarios.Find(scenarioId) ?? throw new ArgumentException($"unknown scenario '{scenarioId}'", nameof(scenarioId));
        var recorder = Journal.Allocate(served.Id);
        return new CaseHandle(recorder.CaseId, served.Id, new Uri(BaseUrl, $"c/{recorder.CaseId}/{served.Api.Endpoints[0].Base}"));
    }

    public CaseJournal? JournalOf(string caseId) => Journal.Find(caseId)?.Snapshot();

    /// <summary>Waits until every response of the case has ended (the writer may still be finishing an end when the client is done).</summary>
    public async Task<CaseJournal?> CompletedJournalAsync(string caseId, TimeSpan limit, CancellationToken ct)
    {
        var deadline = _time.GetTimestamp();
        while (true)
        {
            // Poll the recorders' flags, not snapshots: a snapshot builds the whole journal of the case.
            var recorder = Journal.Find(caseId);
            if (recorder is null || recorder.AllComplete || _time.GetElapsedTime(deadline) > limit) return recorder?.Snapshot();
            await Task.Delay(TimeSpan.FromMilliseconds(5), _time, ct).ConfigureAwait(false);
        }
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptSocketAsync(ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) { continue; }
            socket.NoDelay = true;
            var id = Interlocked.Increment(ref _nextConnection);
            var task = Task.Run(() => ServeConnectionAsync(id, socket, ct), CancellationToken.None);
            _connections[id] = (socket, task);
        }
    }

    private async Task ServeConnectionAsync(int id, Socket socket, CancellationToken ct)
    {
        using var conn = new SocketConnection(socket, _time);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                HttpRequest? request;
                try
                {
                    request = await conn.ReadRequestAsync(ct).ConfigureAwait(false);
                }
                catch (BadRequestException ex)
                {
                    await SendFixedAsync(conn, JsonResponses.Error(400, ex.Message, "bad_request"), close: true, ct).ConfigureAwait(false);
                    return;
                }
                if (request is null) return;
                if (!await ServeRequestAsync(conn, request, ct).ConfigureAwait(false) || request.WantsClose) return;
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer went away or the server is stopping: nothing to answer.
        }
        finally
        {
            _connections.TryRemove(id, out _);
        }
    }

    /// <summary>Returns true when the connection may carry another request.</summary>
    private async Task<bool> ServeRequestAsync(SocketConnection conn, HttpRequest request, CancellationToken ct)
    {
        var started = _time.GetTimestamp();
        var route = _router.Resolve(request);
        switch (route)
        {
            case Route.Backend b:
            {
                var forwarded = await _backend.ForwardAsync(conn, request, interceptUnmatched: b.Unmatched is not null, ct).ConfigureAwait(false);
                if (!forwarded.Matched) return await WriteFixedAsync(conn, request, b.Unmatched!, started, ct).ConfigureAwait(false);
                Log(request, forwarded.Status, null, null, 0, "forwarded", started, 0);
                return false;
            }

            case Route.Fixed f:
                return await WriteFixedAsync(conn, request, f.Plan, started, ct).ConfigureAwait(false);

            case Route.Scenario s:
            {
                var exchange = s.Case.Begin(ToJournal(request, conn), started);
                var plan = s.Served.Api.PlanFor(s.Served.PlanForAttempt(exchange.Attempt), request.Query);
                var reusable = await _writer.WriteAsync(conn, plan, Cors.ResponseHeaders(request), exchange, ct).ConfigureAwait(false);
                Log(request, plan.Status, s.Served.Id, s.Case.CaseId, exchange.Attempt, exchange.EndedAs, started, exchange.BodyBytesSent);
                return reusable;
            }

            default:
                throw new InvalidOperationException($"unhandled route {route}");
        }
    }

    private async Task<bool> WriteFixedAsync(SocketConnection conn, HttpRequest request, Core.Wire.ResponsePlan plan, long started, CancellationToken ct)
    {
        var recorder = new ExchangeRecorder(0, ToJournal(request, conn), started, _time);
        var reusable = await _writer.WriteAsync(conn, plan, Cors.ResponseHeaders(request), recorder, ct).ConfigureAwait(false);
        Log(request, plan.Status, null, null, 0, recorder.EndedAs, started, plan.Writes.Sum(w => w.Bytes.Length));
        return reusable;
    }

    private async Task SendFixedAsync(SocketConnection conn, Core.Wire.ResponsePlan plan, bool close, CancellationToken ct)
    {
        var recorder = new ExchangeRecorder(0, new JournalRequest { At = _time.GetUtcNow(), Method = "?", Path = "?", Headers = [], Body = "" }, _time.GetTimestamp(), _time);
        await _writer.WriteAsync(conn, plan, close ? [new("Connection", "close")] : [], recorder, ct).ConfigureAwait(false);
    }

    private void Log(HttpRequest request, int status, string? scenario, string? caseId, int attempt, string ended, long started, int bytes) =>
        ExchangeCompleted?.Invoke(new ExchangeLog(request.Method, request.Path + request.Query, status, scenario, caseId, attempt, ended,
            Math.Round(_time.GetElapsedTime(started).TotalMilliseconds, 1), bytes));

    private static JournalRequest ToJournal(HttpRequest request, SocketConnection conn) => new()
    {
        At = request.ReceivedAt,
        Method = request.Method,
        Path = request.Path + request.Query,
        Headers = request.Headers,
        Body = System.Text.Encoding.UTF8.GetString(request.Body),
        RemotePort = conn.RemotePort,
    };

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        try { await _acceptLoop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        foreach (var (_, (socket, _)) in _connections) socket.Dispose();
        await Task.WhenAll(_connections.Values.Select(c => c.Task)).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _backend.Dispose();
        _stopping.Dispose();
    }
}
