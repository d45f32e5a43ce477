using System.Text;
using System.Text.Json;
using Conformance.Core.Journal;
using Conformance.Core.Observations;
using Conformance.Core.Results;
using Conformance.Core.Rules;
using Conformance.Core.Scoring;
using Conformance.Core.Wire;

namespace Conformance.Tests.Reports;

/// <summary>
/// A fixed, fully deterministic run for the reporter snapshots and gate tests: three clients side by side
/// (one hostile), four families, every verdict kind, a split UTF-8 case with its transcript, a stall, a
/// retried case with two exchanges, a case one client did not run (NOT RUN: it declares no retries), and attachments.
/// </summary>
internal static class RunFixture
{
    public const string Hostile = "<script>alert(1)</script> ]]> \u0000 \u001b[31mred\u001b[0m \uFFFE \uD800 & \"q\" 'a' \r\n<img src=x onerror=alert(2)>";
    public static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public const string Utf8Split = "sse.utf8.split";
    public const string Crlf = "sse.framing.crlf";
    public const string Done = "sse.done.terminates";
    public const string Text = "content.text";
    public const string Stall = "stream.stall.detect";
    public const string Status = "errors.http.status";
    public const string Retry = "errors.retry.after";
    public const string Usage = "info.usage";

    public static IReadOnlyList<Rule> Rules { get; } =
    [
        R(Utf8Split, RuleLevel.Must, "A UTF-8 character split across reads decodes as one character."),
        R(Crlf, RuleLevel.Must, "CRLF, LF and CR all end a line."),
        R(Done, RuleLevel.Must, "data: [DONE] ends the stream."),
        R(Text, RuleLevel.Must, "The assembled text equals the concatenated deltas."),
        R(Stall, RuleLevel.Should, "A stream that stalls is abandoned after the idle timeout."),
        R(Status, RuleLevel.Must, "An HTTP error status surfaces as an error with that status."),
        R(Retry, RuleLevel.Must, "A retry waits at least Retry-After."),
        R(Usage, RuleLevel.Info, "The usage object is reported."),
    ];

    public static IReadOnlyList<ClientInfo> Clients { get; } =
    [
        new("node-sdk", "process", "node clients/openai-node/adapter.mjs", "openai"),
        new("browser-fetch", "browser", "clients/browser/fetch.html", "whatwg", "chromium 140"),
        new("evil-cli", "process", "python3 clients/evil/adapter.py", "openai"),
    ];

    public static RunResult Build() => new()
    {
        StartedAt = Start,
        DurationMs = 12_345.6,
        Clients = Clients,
        Rules = Rules,
        Cases =
        [
            // framing: crlf — node PASS, browser PASS, evil FAIL with hostile text.
            Case("node-sdk", "framing.crlf", "framing", "c0001", CrlfJournal("c0001"),
                [Chunk(10, "{\"content\":\"Hello\"}"), Chunk(12, "{\"content\":\" world\"}"), Msg(13, "Hello world"), End(14, "done")],
                [V(Crlf, Verdict.Pass, "every line ending was honoured"), V(Text, Verdict.Pass, "text matches"), V(Done, Verdict.Pass, "ended on [DONE]"), V(Usage, Verdict.Skipped, "the stream carries no usage")]),
            Case("browser-fetch", "framing.crlf", "framing", "c0002", CrlfJournal("c0002"),
                [Chunk(30, "{\"content\":\"Hello\"}"), Chunk(31, "{\"content\":\" world\"}"), Msg(32, "Hello world"), End(33, "done")],
                [V(Crlf, Verdict.Pass, "every line ending was honoured"), V(Text, Verdict.Pass, "text matches"), V(Done, Verdict.Pass, "ended on [DONE]"), V(Usage, Verdict.Info, "INFO, not met: the client reported no usage object")],
                attachments: new Dictionary<string, string>
                {
                    ["screenshot"] = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
                    ["console"] = "[log] stream opened\n[log] chunk 1\n[log] done",
                }),
            Case("evil-cli", "framing.crlf", "framing", "c0003", CrlfJournal("c0003"),
                [Chunk(9, JsonSerializer.Serialize(new { content = Hostile })), Msg(11, Hostile), End(12, "done")],
                [V(Crlf, Verdict.Pass, "every line ending was honoured"),
                 V(Text, Verdict.Fail, "text differs at character 0: " + Hostile, expected: "Hello world", observed: Hostile, evidence: "writes #1–#2, body bytes 0–52"),
                 V(Done, Verdict.Pass, "ended on [DONE]"), V(Usage, Verdict.Skipped, "the stream carries no usage")],
                stderr: "traceback: " + Hostile,
                attachments: new Dictionary<string, string>
                {
                    ["screenshot"] = "data:image/svg+xml,<svg onload=alert(3)>",
                    ["console"] = Hostile,
                }),

            // encoding: split UTF-8 — node FAIL (U+FFFD), browser PASS, evil ADAPTER-ERROR.
            Case("node-sdk", "encoding.split-utf8", "encoding", "c0004", SplitJournal("c0004"),
                [Chunk(20, "{\"content\":\"caf\uFFFD\"}"), Chunk(41, "{\"content\":\"\uFFFD!\"}"), Msg(42, "caf\uFFFD\uFFFD!"), End(43, "done")],
                [V(Utf8Split, Verdict.Fail, "the character é split across writes #1–#2 decoded as two U+FFFD", expected: "café!", observed: "caf\uFFFD\uFFFD!", evidence: "writes #1–#2, body bytes 22–23"),
                 V(Text, Verdict.Fail, "text differs at character 3", expected: "café!", observed: "caf\uFFFD\uFFFD!"), V(Done, Verdict.Pass, "ended on [DONE]")]),
            Case("browser-fetch", "encoding.split-utf8", "encoding", "c0005", SplitJournal("c0005"),
                [Chunk(25, "{\"content\":\"caf\"}"), Chunk(47, "{\"content\":\"é!\"}"), Msg(48, "café!"), End(48.5, "done")],
                [V(Utf8Split, Verdict.Pass, "é decoded once"), V(Text, Verdict.Pass, "text matches"), V(Done, Verdict.Pass, "ended on [DONE]")]),
            Case("evil-cli", "encoding.split-utf8", "encoding", "c0006", SplitJournal("c0006"),
                [],
                [V(Utf8Split, Verdict.AdapterError, "the adapter exited 2 without a final line: " + Hostile), V(Text, Verdict.AdapterError, "the adapter exited 2 without a final line"), V(Done, Verdict.AdapterError, "the adapter exited 2 without a final line")],
                stderr: "panic: " + Hostile + "\nat main.go:12", exitCode: 2),

            // timing: stall — node TIMEOUT, browser NON-STRICT, evil SKIPPED.
            Case("node-sdk", "timing.stall", "timing", "c0007", StallJournal("c0007", clientClosedAt: null),
                [Chunk(15, "{\"content\":\"Hi\"}")],
                [V(Stall, Verdict.Timeout, "still running after 5000 ms; killed"), V(Text, Verdict.Timeout, "still running after 5000 ms; killed")],
                timedOut: true, durationMs: 5000),
            Case("browser-fetch", "timing.stall", "timing", "c0008", StallJournal("c0008", clientClosedAt: 3020),
                [Chunk(14, "{\"content\":\"Hi\"}"), Err(3021, "timeout", null, "idle for 3000 ms"), End(3022, "cancelled")],
                [V(Stall, Verdict.NonStrict, "gave up after 3000 ms of silence; the profile asks for at most 2000 ms", expected: "≤ 2000 ms", observed: "3000 ms"), V(Text, Verdict.Pass, "text matches")]),
            Case("evil-cli", "timing.stall", "timing", "c0009", StallJournal("c0009", clientClosedAt: 10),
                [End(11, "cancelled")],
                [V(Stall, Verdict.Skipped, "the client cancelled before the stall"), V(Text, Verdict.Skipped, "undefined: " + Hostile)]),

            // errors: retry after 429 — node PASS over two exchanges; browser SKIPPED; evil did not run it.
            Case("node-sdk", "errors.retry-429", "errors", "c0010", RetryJournal("c0010"),
                [Err(5, "http", 429, "rate limited"), new RetryObservation(2) { AtMs = 6 }, Chunk(1020, "{\"content\":\"ok\"}"), Msg(1021, "ok"), End(1022, "done")],
                [V(Retry, Verdict.Pass, "waited 1000 ms (Retry-After: 1)"), V(Status, Verdict.Pass, "saw http 429"), V(Text, Verdict.Pass, "text matches")],
                attempts: 2, text: "ok"),
            Case("browser-fetch", "errors.retry-429", "errors", "c0011", RetryJournal("c0011"),
                [Err(8, "http", 429, "rate limited"), End(9, "cancelled")],
                [V(Retry, Verdict.Skipped, "browsers do not retry; the whatwg profile leaves retries undefined"), V(Status, Verdict.Pass, "saw http 429"), V(Text, Verdict.Skipped, "undefined after an error")],
                attempts: 2, text: "ok"),
            // evil-cli declares no retries: the case is NOT RUN, with the reason, and never scored.
            Case("evil-cli", "errors.retry-429", "errors", "-", new CaseJournal { CaseId = "-", ScenarioId = "errors.retry-429", Exchanges = [] },
                [],
                [V(Retry, Verdict.NotRun, "not run: client does not declare feature 'retries' (the case allows 2 retries)"),
                 V(Status, Verdict.NotRun, "not run: client does not declare feature 'retries' (the case allows 2 retries)"),
                 V(Text, Verdict.NotRun, "not run: client does not declare feature 'retries' (the case allows 2 retries)")],
                durationMs: 0, attempts: 2, text: "ok"),
        ],
    };

    public static CaseResult Case(string client, string scenario, string family, string caseId, CaseJournal journal,
        IReadOnlyList<Observation> observations, IReadOnlyList<RuleVerdict> verdicts,
        string stderr = "", bool timedOut = false, int? exitCode = 0, double durationMs = 120, int attempts = 1, string text = "Hello world",
        IReadOnlyDictionary<string, string>? attachments = null) => new()
    {
        Client = client,
        CaseId = caseId,
        ScenarioId = scenario,
        Family = family,
        Title = scenario switch
        {
            "framing.crlf" => "Mixed CRLF, LF and CR line endings",
            "encoding.split-utf8" => "A two-byte character split across writes",
            "timing.stall" => "The server stalls mid-stream",
            _ => "HTTP 429 with Retry-After, then a stream",
        },
        Description = $"Scenario {scenario}: see scenarios/{family}/.",
        Api = "openai-chat",
        Expectation = new Expectation
        {
            Profile = client == "browser-fetch" ? "whatwg" : "openai",
            Outcome = new ExpectedOutcome("done", [], null, "the stream ends with [DONE]"),
            Chunks = [new ExpectedChunk("{\"content\":\"Hello\"}", 40)],
            Text = scenario == "encoding.split-utf8" ? "café!" : text,
            FinishReason = "stop",
            Attempts = attempts,
            Undefined = client == "browser-fetch" && scenario == "errors.retry-429"
                ? new Dictionary<string, string> { ["retry"] = "the whatwg profile defines no retries" }
                : new Dictionary<string, string>(),
        },
        Observations = observations,
        Stderr = stderr,
        TimedOut = timedOut,
        ExitCode = timedOut ? null : exitCode,
        DurationMs = durationMs,
        CommandLine = Clients.First(c => c.Name == client).Target + " --case " + caseId,
        Journal = journal,
        Verdicts = verdicts,
        Attachments = attachments ?? new Dictionary<string, string>(),
    };

    private static CaseJournal CrlfJournal(string caseId) => Journal(caseId, "framing.crlf",
        Exchange(1, 0, Ends.Clean, 13,
            W("data: {\"content\":\"Hello\"}\r\n\r\n", 2), W("data: {\"content\":\" world\"}\r\r", 11), W("data: [DONE]\n\n", 12)));

    private static CaseJournal SplitJournal(string caseId)
    {
        var body = Encoding.UTF8.GetBytes("data: {\"content\":\"café!\"}\n\ndata: [DONE]\n\n");
        var cut = Array.IndexOf(body, (byte)0xC3) + 1; // inside é (C3 A9)
        return Journal(caseId, "encoding.split-utf8",
            Exchange(1, 0, Ends.Clean, 45, (body[..cut], 3), (body[cut..], 40)));
    }

    private static CaseJournal StallJournal(string caseId, double? clientClosedAt) => Journal(caseId, "timing.stall",
        Exchange(1, 0, Ends.Stall, clientClosedAt ?? 5000, clientClosedAt, W("data: {\"content\":\"Hi\"}\n\n", 4)));

    private static CaseJournal RetryJournal(string caseId) => Journal(caseId, "errors.retry-429",
        Exchange(1, 0, Ends.Plain, 2, null, 429, W("{\"error\":{\"message\":\"rate limited\"}}", 1)),
        Exchange(2, 1010, Ends.Clean, 8, null, 200, W("data: {\"content\":\"ok\"}\n\n", 3), W("data: [DONE]\n\n", 7)));

    private static CaseJournal Journal(string caseId, string scenario, params JournalExchange[] exchanges) =>
        new() { CaseId = caseId, ScenarioId = scenario, Exchanges = exchanges };

    private static JournalExchange Exchange(int attempt, double atMs, string ended, double endedAtMs, params (byte[] Bytes, double AtMs)[] writes) =>
        Exchange(attempt, atMs, ended, endedAtMs, null, 200, writes);

    private static JournalExchange Exchange(int attempt, double atMs, string ended, double endedAtMs, double? clientClosedAtMs, params (byte[] Bytes, double AtMs)[] writes) =>
        Exchange(attempt, atMs, ended, endedAtMs, clientClosedAtMs, 200, writes);

    public static JournalExchange Exchange(int attempt, double atMs, string ended, double endedAtMs, double? clientClosedAtMs, int status, params (byte[] Bytes, double AtMs)[] writes)
    {
        var offset = 0;
        var list = new List<JournalWrite>();
        foreach (var (bytes, at) in writes)
        {
            list.Add(new JournalWrite(offset, bytes.Length, at, bytes));
            offset += bytes.Length;
        }
        var sse = status == 200;
        return new JournalExchange
        {
            Attempt = attempt,
            Request = new JournalRequest
            {
                At = Start.AddMilliseconds(50 + atMs),
                Method = "POST",
                Path = "/v1/chat/completions",
                Headers = [new("Content-Type", "application/json"), new("X-Conformance-Case", "case")],
                Body = "{\"stream\":true}",
                RemotePort = 40000 + attempt,
            },
            Response = new JournalResponse
            {
                Status = status,
                Framing = BodyFraming.Chunked,
                Head = Encoding.ASCII.GetBytes(sse
                    ? "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    : "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"),
                Writes = list,
                Ended = ended,
                EndedAtMs = endedAtMs,
                ClientClosedAtMs = clientClosedAtMs,
                Complete = ended != Ends.Stall,
            },
        };
    }

    private static (byte[], double) W(string text, double atMs) => (Encoding.UTF8.GetBytes(text), atMs);

    private static Rule R(string id, RuleLevel level, string says) =>
        new() { Id = id, Says = says, Level = level, Source = new RuleSource("seeds/sse.md", says), Check = "fixture" };

    public static RuleVerdict V(string rule, Verdict verdict, string reason, string? expected = null, string? observed = null, string? evidence = null) =>
        new() { RuleId = rule, Verdict = verdict, Reason = reason, Expected = expected, Observed = observed, Evidence = evidence };

    private static ChunkObservation Chunk(double at, string json) => new(JsonDocument.Parse(json).RootElement.Clone()) { AtMs = at };
    private static MessageObservation Msg(double at, string content) => new(content, null, null, "stop", null) { AtMs = at };
    private static EndObservation End(double at, string reason) => new(reason) { AtMs = at };
    private static ErrorObservation Err(double at, string kind, int? status, string? message) => new(kind, status, message) { AtMs = at };
}
