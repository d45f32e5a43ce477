// End-to-end tests: spawn each client as the harness would (through /bin/sh, stdin closed, env vars set)
// against the fixture server, and check its JSON Lines.
//
// The careful clients must pass every case. Each known-bad client must pass every case except the ones its one
// bug breaks — and for those the test asserts that the bug's symptom shows up (so the fixture provably
// exercises the bug).
//
// dotnet-careful is built once into a temp dir in `before` (~7 s). Set CONFORMANCE_SKIP_DOTNET=1 to skip it, or
// DOTNET_CAREFUL_DLL=/path/DotnetCareful.dll to use an existing build.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startFixtureServer } from "./fixture-server.mjs";

const clientsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const REQUEST = '{"model":"m",  "stream": true, "messages":[{"role":"user","content":"héllo"}]}';

let server;
let dotnetDll = process.env.DOTNET_CAREFUL_DLL;
let dotnetTmp;
const withDotnet = process.env.CONFORMANCE_SKIP_DOTNET !== "1";

before(async () => {
  server = await startFixtureServer();
  if (withDotnet && !dotnetDll) {
    dotnetTmp = mkdtempSync(path.join(tmpdir(), "dotnet-careful-"));
    execFileSync("dotnet", ["build", path.join(clientsDir, "dotnet-careful"), "-c", "Release", "-o", dotnetTmp, "-nologo", "-v", "q"], { stdio: "pipe" });
    dotnetDll = path.join(dotnetTmp, "DotnetCareful.dll");
  }
});
after(async () => {
  await server?.close();
  if (dotnetTmp) rmSync(dotnetTmp, { recursive: true, force: true });
});

/** Runs one client; resolves with its lines, exit code, stderr and wall time. Kills its group after 10 s. */
function runClient(command, env) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn("/bin/sh", ["-c", command], {
      cwd: clientsDir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DOTNET_CLI_TELEMETRY_OPTOUT: "1", DOTNET_NOLOGO: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // own process group, like the runner
    });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const killer = setTimeout(() => { try { process.kill(-child.pid, "SIGKILL"); } catch {} }, 10_000);
    child.on("close", (code) => {
      clearTimeout(killer);
      const raw = stdout.split("\n").filter((l) => l.length);
      const lines = raw.map((l) => { try { return JSON.parse(l); } catch { return { type: "INVALID", raw: l }; } });
      resolve({ lines, code, stderr, ms: Date.now() - started, exitedAt: Date.now() });
    });
  });
}

// ---- checks ---------------------------------------------------------------------------------------------------

const KNOWN = new Set(["chunk", "retry", "error", "message", "end"]);
function wellFormed(r) {
  assert.equal(r.code, 0, `exit code (stderr: ${r.stderr})`);
  for (const l of r.lines) assert.ok(KNOWN.has(l.type), `unknown line ${JSON.stringify(l)}`);
  const last = r.lines.at(-1);
  assert.ok(last && (last.type === "end" || last.type === "error"), "last line is end or error");
  assert.equal(r.lines.filter((l) => l.type === "end" || l.type === "error").length, 1, "exactly one end/error");
}
const of = (r, type) => r.lines.filter((l) => l.type === type);
const msg = (r) => of(r, "message")[0];
const last = (r) => r.lines.at(-1);
const contentOf = (r) => of(r, "chunk").map((c) => c.data?.choices?.[0]?.delta?.content ?? "").join("");

function expectText(r, text, reason, chunks) {
  wellFormed(r);
  assert.equal(contentOf(r), text, "concatenated delta.content");
  assert.equal(msg(r)?.content, text, "message.content");
  if (chunks !== undefined) assert.equal(of(r, "chunk").length, chunks, "chunk count");
  assert.deepEqual(last(r), { type: "end", reason });
}

const chat = { CONFORMANCE_API: "openai-chat" };
const cases = [
  {
    name: "openai-basic", env: chat,
    check(r, ctx) {
      expectText(r, "Hello world", "done", 6);
      assert.equal(msg(r).finish_reason, "stop");
      assert.deepEqual(msg(r).usage, { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 });
      const [req] = ctx.requests();
      assert.equal(req.endpoint, "/chat/completions");
      assert.equal(req.headers.authorization, "Bearer test-key");
      assert.match(req.headers["content-type"], /^application\/json/);
      assert.equal(req.body, REQUEST, "request body sent verbatim");
    },
  },
  { name: "openai-split-json", env: chat, check: (r) => expectText(r, "Hello world", "done", 6) },
  { name: "openai-utf8-split", env: chat, check: (r) => expectText(r, "Héllo 😀", "done", 3) },
  { name: "openai-crlf-split", env: chat, check: (r) => expectText(r, "Hello world", "done", 6) },
  {
    name: "openai-after-done", env: chat,
    check(r) {
      expectText(r, "Hello world", "done", 6); // nothing after [DONE] is yielded
      assert.ok(r.ms < 2000, `stopped reading at [DONE] (took ${r.ms} ms; the server holds the stream 3 s)`);
    },
  },
  {
    name: "openai-completions", env: { CONFORMANCE_API: "openai-completions" },
    check(r, ctx) {
      wellFormed(r);
      assert.equal(of(r, "chunk").length, 3);
      assert.equal(msg(r).content, "Once upon");
      assert.equal(msg(r).finish_reason, "length");
      assert.deepEqual(last(r), { type: "end", reason: "done" });
      assert.equal(ctx.requests()[0].endpoint, "/completions");
    },
  },
  {
    name: "openai-tools-reasoning", env: chat,
    check(r) {
      wellFormed(r);
      assert.deepEqual(msg(r).tool_calls, [{ index: 0, id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' }]);
      assert.equal(msg(r).reasoning, "think hard");
      assert.equal(msg(r).finish_reason, "tool_calls");
      assert.deepEqual(last(r), { type: "end", reason: "done" });
    },
  },
  {
    name: "openai-embedded-error", env: chat,
    check(r) {
      wellFormed(r);
      assert.equal(of(r, "chunk").length, 1);
      assert.equal(msg(r).content, "par");
      assert.equal(last(r).kind, "api");
      assert.match(last(r).message, /No data received/);
    },
  },
  { name: "openai-trailing", env: chat, check: (r) => expectText(r, "ab", "eof", 2) },
  { name: "openai-trailing", label: "openai-trailing (whatwg profile)", env: { ...chat, CONFORMANCE_PROFILE: "whatwg" }, check: (r) => expectText(r, "a", "eof", 1) },
  { name: "openai-eof", env: chat, check: (r) => expectText(r, "Hello world", "eof", 6) },
  {
    name: "anthropic", env: { CONFORMANCE_API: "anthropic-messages" },
    check(r, ctx) {
      wellFormed(r);
      const types = of(r, "chunk").map((c) => c.data.type);
      assert.equal(types.length, 11);
      assert.ok(!types.includes("ping"), "ping is not yielded");
      assert.equal(types.at(-1), "message_stop");
      const m = msg(r);
      assert.equal(m.content, "Hi there");
      assert.deepEqual(m.tool_calls, [{ index: 0, id: "toolu_1", name: "get_weather", arguments: '{"city":"Tokyo"}' }]);
      assert.equal(m.finish_reason, "tool_use");
      assert.deepEqual(m.usage, { input_tokens: 10, output_tokens: 12 });
      assert.deepEqual(last(r), { type: "end", reason: "done" });
      assert.equal(ctx.requests()[0].endpoint, "/messages");
    },
  },
  {
    name: "anthropic-error", env: { CONFORMANCE_API: "anthropic-messages" },
    check(r) {
      wellFormed(r);
      assert.equal(last(r).kind, "api");
      assert.equal(last(r).message, "Provider temporarily unavailable");
    },
  },
  {
    name: "retry-429", label: "retry-429 (Retry-After: 1)", env: { ...chat, CONFORMANCE_MAX_RETRIES: "2" },
    check(r, ctx) {
      expectText(r, "Hello world", "eof", 6);
      assert.deepEqual(r.lines[0], { type: "retry", attempt: 2 });
      assert.equal(of(r, "retry").length, 1);
      assert.equal(ctx.requests().length, 2);
      const [a, b] = ctx.requests();
      assert.ok(b.openedAt - a.openedAt >= 900, `honoured Retry-After (${b.openedAt - a.openedAt} ms)`);
    },
  },
  {
    name: "retry-429", label: "retry-429 without CONFORMANCE_MAX_RETRIES", env: chat,
    check(r, ctx) {
      wellFormed(r);
      assert.deepEqual(last(r), { type: "error", kind: "http", status: 429, message: "slow down" });
      assert.equal(ctx.requests().length, 1);
    },
  },
  {
    name: "retry-503", label: "retry-503 (backoff)", env: { ...chat, CONFORMANCE_MAX_RETRIES: "3" },
    check(r, ctx) {
      expectText(r, "Hello world", "eof", 6);
      assert.deepEqual(of(r, "retry"), [{ type: "retry", attempt: 2 }, { type: "retry", attempt: 3 }]);
      assert.equal(ctx.requests().length, 3);
    },
  },
  {
    name: "http-401", label: "http-401 is not retried", env: { ...chat, CONFORMANCE_MAX_RETRIES: "3" },
    check(r, ctx) {
      wellFormed(r);
      assert.deepEqual(r.lines, [{ type: "error", kind: "http", status: 401, message: "bad key" }]);
      assert.equal(ctx.requests().length, 1);
    },
  },
  {
    name: "rst", env: chat,
    check(r) {
      wellFormed(r);
      assert.equal(msg(r)?.content, "Hello", "partial message before the error");
      assert.equal(last(r).type, "error");
      assert.equal(last(r).kind, "network");
    },
  },
  {
    name: "premature", label: "premature (FIN inside chunked body)", env: chat,
    check(r) {
      wellFormed(r);
      assert.equal(msg(r)?.content, "Hello");
      assert.equal(last(r).kind, "network", "a premature end is never a clean end");
    },
  },
  {
    name: "stall", label: "stall (idle timeout 300 ms)", env: { ...chat, CONFORMANCE_TIMEOUT_MS: "300" },
    check(r, ctx) {
      wellFormed(r);
      assert.equal(last(r).kind, "timeout");
      assert.equal(of(r, "chunk").length, 2);
      assert.ok(r.ms < 2500, `timed out promptly (${r.ms} ms)`);
      const req = ctx.requests()[0];
      assert.ok(req.closedAt !== undefined && req.closedAt <= r.exitedAt + 200, "connection closed");
    },
  },
  {
    name: "long", label: "cancel after 3 chunks", env: { ...chat, CONFORMANCE_CANCEL_AFTER: "3" },
    check(r, ctx) {
      wellFormed(r);
      assert.equal(of(r, "chunk").length, 3);
      assert.equal(msg(r).content, "t0 t1 ");
      assert.deepEqual(last(r), { type: "end", reason: "cancelled" });
      assert.ok(r.ms < 2000, `cancelled promptly (${r.ms} ms; the stream lasts ~2 s)`);
      const req = ctx.requests()[0];
      assert.ok(req.closedAt !== undefined && req.closedAt <= r.exitedAt + 200, "connection closed");
    },
  },
  {
    name: "refused", label: "connection refused (retried, then network error)", env: { ...chat, CONFORMANCE_MAX_RETRIES: "1" }, refused: true,
    check(r) {
      wellFormed(r);
      assert.deepEqual(r.lines[0], { type: "retry", attempt: 2 });
      assert.equal(last(r).kind, "network");
    },
  },
];

// ---- clients ----------------------------------------------------------------------------------------------------

const DONE_CASES = ["openai-basic", "openai-split-json", "openai-utf8-split", "openai-crlf-split", "openai-after-done", "openai-completions", "openai-tools-reasoning"];
const clients = [
  { name: "node-careful", command: "node node-careful/client.mjs", bugs: {} },
  {
    name: "node-naive-split", command: "node node-naive-split/client.mjs",
    // All four are the one 002 bug: each read is split on "\n" with no buffering across reads.
    bugs: Object.fromEntries([
      "openai-split-json", // a payload split across reads → JSON.parse throws
      "openai-utf8-split", // the é split is also a payload split across reads
      "openai-crlf-split", // "[DONE]\r" is not "[DONE]" → JSON.parse throws
      "openai-after-done", // `break` leaves only the inner loop: keeps reading after [DONE]
      "openai-trailing (whatwg profile)", // no event framing at all: an unterminated last line is still parsed
    ].map((c) => [c, (r) => assert.ok(
      (last(r).type === "error" && last(r).kind === "parse") || / AFTER/.test(contentOf(r)) || r.ms >= 2000 || contentOf(r) === "ab",
      "naive-split symptom: parse error, events after [DONE], or an unterminated event yielded")])),
  },
  {
    name: "node-json-before-done", command: "node node-json-before-done/client.mjs",
    bugs: Object.fromEntries(DONE_CASES.map((c) => [c, (r) => {
      assert.equal(last(r).type, "error");
      assert.equal(last(r).kind, "parse");
      assert.match(last(r).message, /DONE|heartbeat/); // [DONE] (or the non-JSON heartbeat before it) hits JSON.parse
    }])),
  },
  {
    name: "node-no-stream-decode", command: "node node-no-stream-decode/client.mjs",
    bugs: { "openai-utf8-split": (r) => assert.match(msg(r).content, /\uFFFD/) },
  },
  { name: "dotnet-careful", command: () => `dotnet "${dotnetDll}"`, bugs: {}, skip: !withDotnet },
];

async function closedPort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

for (const client of clients) {
  describe(client.name, { concurrency: 5, skip: client.skip && "CONFORMANCE_SKIP_DOTNET=1" }, () => {
    for (const c of cases) {
      const bug = client.bugs[c.label ?? c.name] ?? client.bugs[c.name];
      const label = (c.label ?? c.name) + (bug ? " — expected to fail (its bug)" : "");
      test(label, async () => {
        const { url, key } = c.refused ? { url: `http://127.0.0.1:${await closedPort()}/v1`, key: "none" } : server.base(c.name);
        const command = typeof client.command === "function" ? client.command() : client.command;
        const r = await runClient(command, {
          CONFORMANCE_BASE_URL: url,
          CONFORMANCE_API_KEY: "test-key",
          CONFORMANCE_REQUEST: REQUEST,
          CONFORMANCE_CASE: c.label ?? c.name,
          ...c.env,
        });
        const ctx = { requests: () => server.requests(key) };
        const show = () => r.lines.map((l) => JSON.stringify(l).slice(0, 200)).join("\n") + (r.stderr ? `\nstderr: ${r.stderr}` : "");
        if (!bug) {
          try { c.check(r, ctx); } catch (e) { e.message += `\n--- output ---\n${show()}`; throw e; }
          return;
        }
        wellFormed(r); // even a buggy client speaks the contract
        assert.throws(() => c.check(r, ctx), undefined, `expected ${client.name} to fail ${c.name}\n${show()}`);
        bug(r);
      });
    }
  });
}
