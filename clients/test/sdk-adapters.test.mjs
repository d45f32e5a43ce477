// The real-SDK adapters in clients/sdks (see its README) against the fixture server: the hello handshake,
// well-formed JSON Lines and exit 0, and the contract's error kinds, retries, idle timeout and
// cancellation as each SDK surfaces them. Also pins the SDK behaviours the adapters document (a normal
// end of the SDK's iterator is `done`, even at EOF without [DONE]), so an SDK upgrade that changes them
// shows up here.
//
// Node adapters run when clients/sdks/node/node_modules exists (scripts/test.sh runs npm ci there).
// The .NET adapters run when built where SdkClients puts them (.build/clients/sdks/<Project>/).
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startFixtureServer } from "./fixture-server.mjs";

const clientsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const root = path.resolve(clientsDir, "..");
const nodeDir = path.join(clientsDir, "sdks", "node");
const haveNode = existsSync(path.join(nodeDir, "node_modules"));
const dotnetDll = (p) => path.join(root, ".build", "clients", "sdks", p, `${p}.dll`);
const version = (pkg) => JSON.parse(readFileSync(path.join(nodeDir, "node_modules", pkg, "package.json"), "utf8")).version;

const REQUESTS = {
  "openai-chat": '{"model":"m","stream":true,"messages":[{"role":"user","content":"héllo"}]}',
  "openai-completions": '{"model":"m","stream":true,"prompt":"héllo"}',
  "anthropic-messages": '{"model":"m","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"héllo"}]}',
};

// name, command, apis it speaks, the sdk its hello names (null: not checked), whether it retries itself.
const ADAPTERS = [
  { name: "openai-node", command: "node sdks/node/openai.mjs", apis: ["openai-chat", "openai-completions"], sdk: () => `openai@${version("openai")}`, retries: true, node: true },
  { name: "openai-node-text", command: "node sdks/node/openai-text.mjs", apis: ["openai-chat", "openai-completions"], sdk: () => `openai@${version("openai")}`, retries: true, text: true, node: true },
  { name: "anthropic-node", command: "node sdks/node/anthropic.mjs", apis: ["anthropic-messages"], sdk: () => `@anthropic-ai/sdk@${version("@anthropic-ai/sdk")}`, retries: true, node: true },
  { name: "eventsource-parser", command: "node sdks/node/eventsource-parser.mjs", apis: ["openai-chat", "openai-completions", "anthropic-messages"], sdk: () => `eventsource-parser@${version("eventsource-parser")}`, retries: false, node: true },
  { name: "openai-dotnet", command: `dotnet "${dotnetDll("OpenAiSdkAdapter")}"`, dll: dotnetDll("OpenAiSdkAdapter"), apis: ["openai-chat"], sdk: null, retries: true },
  { name: "anthropic-dotnet", command: `dotnet "${dotnetDll("AnthropicSdkAdapter")}"`, dll: dotnetDll("AnthropicSdkAdapter"), apis: ["anthropic-messages"], sdk: null, retries: true },
];

describe("lib/common.mjs stringify", { skip: haveNode ? false : "clients/sdks/node: run npm ci" }, () => {
  test("writes what JSON.stringify writes, and survives 10,000 nested arrays (which JSON.stringify does not)", async () => {
    const { stringify, stringifyIteratively } = await import(path.join(nodeDir, "lib", "common.mjs"));
    const values = [{ a: 1, b: [1, "x", null, true, { c: undefined, d: 2.5 }], e: "é\n\"\u2028", f: undefined }, [], {}, [[[]]], "s", -0, 1e21, null, [undefined, () => 1]];
    for (const v of values) assert.equal(stringifyIteratively(v), JSON.stringify(v));
    let deep = [];
    for (let i = 0; i < 10_000; i++) deep = [deep];
    assert.throws(() => JSON.stringify(deep), RangeError);
    const line = stringify({ type: "chunk", data: { x_trace: deep } });
    assert.equal(line, `{"type":"chunk","data":{"x_trace":${"[".repeat(10_001)}${"]".repeat(10_001)}}}`);
  });
});

let server;
before(async () => { server = await startFixtureServer(); });
after(async () => { await server?.close(); });

function run(command, env) {
  return new Promise((resolve) => {
    const child = spawn("/bin/sh", ["-c", command], {
      cwd: clientsDir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DOTNET_CLI_TELEMETRY_OPTOUT: "1", DOTNET_NOLOGO: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const killer = setTimeout(() => { try { process.kill(-child.pid, "SIGKILL"); } catch {} }, 15_000);
    const started = Date.now();
    child.on("close", (code) => {
      clearTimeout(killer);
      const lines = stdout.split("\n").filter(Boolean).map((l) => { try { return JSON.parse(l); } catch { return { type: "INVALID", raw: l }; } });
      resolve({ lines, code, stderr, ms: Date.now() - started });
    });
  });
}

/** One case: a fresh fixture key for `scenario`, the contract's variables, well-formedness asserted. */
async function runCase(a, scenario, api, extra = {}) {
  const { url, key } = server.base(scenario);
  const r = await run(a.command, {
    CONFORMANCE_BASE_URL: url, CONFORMANCE_API: api, CONFORMANCE_API_KEY: "k", CONFORMANCE_REQUEST: REQUESTS[api], CONFORMANCE_CASE: "t", ...extra,
  });
  assert.equal(r.code, 0, `exit code (stderr: ${r.stderr})`);
  for (const l of r.lines) assert.ok(["chunk", "retry", "error", "message", "end"].includes(l.type), `unknown line ${JSON.stringify(l)}`);
  const ends = r.lines.filter((l) => l.type === "end" || l.type === "error");
  assert.equal(ends.length, 1, "exactly one end/error");
  assert.equal(r.lines.at(-1), ends[0], "end/error is the last line");
  return { ...r, last: ends[0], chunks: r.lines.filter((l) => l.type === "chunk"), requests: server.requests(key) };
}

for (const a of ADAPTERS) {
  const available = a.node ? haveNode : existsSync(a.dll);
  describe(a.name, { skip: available ? false : a.node ? "clients/sdks/node: run npm ci" : `not built: ${a.dll}` }, () => {
    const chat = a.apis.includes("openai-chat");
    const api = chat ? "openai-chat" : "anthropic-messages";
    const basic = chat ? "openai-basic" : "anthropic";
    const long = chat ? "long" : "anthropic-long";

    test("hello: one line with name, sdk, apis, features, observes; exit 0", async () => {
      const r = await run(a.command, { CONFORMANCE_HELLO: "1" });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.lines.length, 1);
      const h = r.lines[0];
      assert.equal(h.type, "hello");
      assert.equal(h.name, a.name);
      if (a.sdk) assert.equal(h.sdk, a.sdk());
      else assert.match(h.sdk, /^[\w.@/-]+@\d+\.\d+\.\d+/);
      assert.deepEqual(h.apis, a.apis);
      assert.equal(h.features.includes("retries"), a.retries);
      assert.equal(h.observes, a.text ? "text" : "objects");
    });

    test("a normal stream: chunks, then end done", async () => {
      const r = await runCase(a, basic, api);
      assert.deepEqual(r.last, { type: "end", reason: "done" });
      assert.ok(r.chunks.length >= (a.text ? 3 : 6), `chunks: ${r.chunks.length}`);
    });

    if (chat) {
      test("EOF without [DONE] is a normal end of the SDK's iterator: reported as done (README: end reasons)", async () => {
        const r = await runCase(a, "openai-eof", api);
        assert.equal(r.last.reason, a.name === "eventsource-parser" ? "eof" : "done");
      });
    }

    test("401 → error http 401, one request", async () => {
      const r = await runCase(a, "http-401", api, { CONFORMANCE_MAX_RETRIES: "2" });
      assert.equal(r.last.kind, "http");
      assert.equal(r.last.status, 401);
      assert.equal(r.requests.length, 1);
    });

    test("429 without CONFORMANCE_MAX_RETRIES: not retried (the SDK default is overridden)", async () => {
      const r = await runCase(a, "retry-429", api);
      assert.equal(r.last.kind, "http");
      assert.equal(r.last.status, 429);
      assert.equal(r.requests.length, 1);
    });

    if (a.retries) {
      test("429 with CONFORMANCE_MAX_RETRIES=2: the SDK retries, a retry line precedes attempt 2", async () => {
        const r = await runCase(a, "retry-429", api, { CONFORMANCE_MAX_RETRIES: "2" });
        assert.equal(r.requests.length, 2);
        assert.deepEqual(r.lines.find((l) => l.type === "retry"), { type: "retry", attempt: 2 });
        assert.equal(r.last.type, "end");
      });
    }

    test("reset mid-stream → error network", async () => {
      const r = await runCase(a, "rst", api);
      assert.equal(r.last.kind, "network", JSON.stringify(r.last));
    });

    test("FIN inside the chunked body → error network", async () => {
      const r = await runCase(a, "premature", api);
      assert.equal(r.last.kind, "network", JSON.stringify(r.last));
    });

    test("stall with CONFORMANCE_TIMEOUT_MS=300 → error timeout, promptly", async () => {
      const r = await runCase(a, "stall", api, { CONFORMANCE_TIMEOUT_MS: "300" });
      assert.equal(r.last.kind, "timeout", JSON.stringify(r.last));
      assert.ok(r.ms < 3000, `took ${r.ms} ms`);
    });

    test("CONFORMANCE_CANCEL_AFTER=3 → three chunks, end cancelled, connection closed", async () => {
      const r = await runCase(a, long, api, { CONFORMANCE_CANCEL_AFTER: "3" });
      assert.deepEqual(r.last, { type: "end", reason: "cancelled" });
      assert.equal(r.chunks.length, 3);
      for (let i = 0; i < 50 && !r.requests[0]?.closedAt; i++) await new Promise((ok) => setTimeout(ok, 20));
      assert.ok(r.requests[0]?.closedAt, "the connection was closed");
    });

    const other = ["openai-chat", "openai-completions", "anthropic-messages"].find((x) => !a.apis.includes(x));
    if (other) {
      test(`an API it does not speak (${other}) → error other, exit 0`, async () => {
        const r = await runCase(a, basic, other);
        assert.equal(r.last.kind, "other");
      });
    }
  });
}
