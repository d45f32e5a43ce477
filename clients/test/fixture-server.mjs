// Throwaway fixture server for the client tests: raw HTTP/1.1 over net.createServer so that every write is a
// separate, flushed chunk (20 ms apart), and so we can end a chunked body early (FIN) or reset the socket.
//
// URL layout: http://127.0.0.1:<port>/s/<scenario>/<key>/v1/{chat/completions|completions|messages}
// <key> isolates per-test state (attempt counters, recorded requests).
import net from "node:net";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sse = (obj, event) => (event ? `event: ${event}\n` : "") + `data: ${JSON.stringify(obj)}\n\n`;
const chat = (delta, finish = null, extra = {}) =>
  ({ id: "c1", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta, finish_reason: finish }], ...extra });

/** The events of a plain chat stream whose content is "Hello world". */
export const basicChat = () => [
  sse(chat({ role: "assistant", content: "" })),
  sse(chat({ content: "Hel" })),
  sse(chat({ content: "lo" })),
  sse(chat({ content: " world" })),
  sse(chat({}, "stop")),
  sse({ id: "c1", object: "chat.completion.chunk", created: 1, model: "m", choices: [], usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 } }),
];
const DONE = "data: [DONE]\n\n";

/** Splits a buffer into pieces of `n` bytes. */
const every = (buf, n) => { const out = []; for (let i = 0; i < buf.length; i += n) out.push(buf.subarray(i, i + n)); return out; };

const anthropicEvents = () => [
  sse({ type: "message_start", message: { id: "msg_1", type: "message", role: "assistant", content: [], model: "claude", stop_reason: null, usage: { input_tokens: 10, output_tokens: 1 } } }, "message_start"),
  sse({ type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }, "content_block_start"),
  sse({ type: "ping" }, "ping"),
  sse({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hi " } }, "content_block_delta"),
  sse({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "there" } }, "content_block_delta"),
  sse({ type: "content_block_stop", index: 0 }, "content_block_stop"),
  sse({ type: "content_block_start", index: 1, content_block: { type: "tool_use", id: "toolu_1", name: "get_weather", input: {} } }, "content_block_start"),
  sse({ type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: "{\"city\":" } }, "content_block_delta"),
  sse({ type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: "\"Tokyo\"}" } }, "content_block_delta"),
  sse({ type: "content_block_stop", index: 1 }, "content_block_stop"),
  sse({ type: "message_delta", delta: { stop_reason: "tool_use", stop_sequence: null }, usage: { output_tokens: 12 } }, "message_delta"),
  sse({ type: "message_stop" }, "message_stop"),
];

/**
 * Scenarios: async (io, attempt) => void. io has head(), write(), end(), fin(), reset(), reply(), closed.
 * `attempt` is 1-based per (scenario, key).
 */
const scenarios = {
  // One event per write, LF endings, [DONE].
  "openai-basic": async (io) => { await io.stream([...basicChat(), DONE]); },
  // The same stream cut into 9-byte pieces: JSON payloads and lines straddle reads.
  "openai-split-json": async (io) => { await io.stream(every(Buffer.from(basicChat().join("") + DONE), 9)); },
  // "é" split between its two UTF-8 bytes; "😀" split 1|3.
  "openai-utf8-split": async (io) => {
    const b = Buffer.from(sse(chat({ role: "assistant", content: "" })) + sse(chat({ content: "Héllo 😀" })) + sse(chat({}, "stop")) + DONE);
    const e = b.indexOf(Buffer.from("é")) + 1;
    const s = b.indexOf(Buffer.from("😀")) + 1;
    await io.stream([b.subarray(0, e), b.subarray(e, s), b.subarray(s)]);
  },
  // CRLF line endings, with every CR at the end of one write and its LF at the start of the next; plus a
  // leading BOM, a comment and a heartbeat that is not JSON.
  "openai-crlf-split": async (io) => {
    const text = "\uFEFF: keep-alive\n\n" + [...basicChat(), "data: heartbeat\n\n", DONE].join("").replace(/\n/g, "\r\n");
    const pieces = text.split(/(?<=\r)(?=\n)/); // split between every CR and LF
    await io.stream(pieces);
  },
  // [DONE] followed (in a later write) by another event; then the server keeps the connection open for 3 s.
  "openai-after-done": async (io) => {
    await io.stream([...basicChat(), DONE, sse(chat({ content: " AFTER" })), DONE], { hold: 3000 });
  },
  "openai-completions": async (io) => {
    const t = (text, finish = null) => sse({ id: "x", object: "text_completion", created: 1, model: "m", choices: [{ index: 0, text, finish_reason: finish }] });
    await io.stream([t("Once"), t(" upon"), t("", "length"), DONE]);
  },
  "openai-tools-reasoning": async (io) => {
    await io.stream([
      sse(chat({ role: "assistant", reasoning_content: "think " })),
      sse(chat({ reasoning_content: "hard" })),
      sse(chat({ tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "get_weather", arguments: "" } }] })),
      sse(chat({ tool_calls: [{ index: 0, function: { arguments: "{\"city\":" } }] })),
      sse(chat({ tool_calls: [{ index: 0, function: { arguments: "\"Paris\"}" } }] })),
      sse(chat({}, "tool_calls")),
      DONE,
    ]);
  },
  // SandBase-style embedded error (004), then [DONE].
  "openai-embedded-error": async (io) => {
    await io.stream([sse(chat({ content: "par" })), sse({ error: { type: "stream_timeout", message: "No data received from upstream for 60 seconds" } }), DONE]);
  },
  // Unterminated final event at EOF, no [DONE]: flushed (Bastion) or discarded (WHATWG).
  "openai-trailing": async (io) => {
    await io.stream([sse(chat({ content: "a" })), `data: ${JSON.stringify(chat({ content: "b" }))}`]);
  },
  // Clean EOF without [DONE].
  "openai-eof": async (io) => { await io.stream(basicChat()); },
  anthropic: async (io) => { await io.stream(anthropicEvents()); },
  "anthropic-error": async (io) => {
    await io.stream([anthropicEvents()[0], sse({ type: "error", error: { type: "overloaded_error", message: "Provider temporarily unavailable" } }, "error")]);
  },
  // 429 with Retry-After: 1, then a 200 stream that ends at EOF.
  "retry-429": async (io, attempt) => {
    if (attempt === 1) return io.reply(429, { "retry-after": "1", "content-type": "application/json" }, JSON.stringify({ error: { message: "slow down" } }));
    await io.stream(basicChat());
  },
  // 503 without Retry-After (backoff), twice, then 200.
  "retry-503": async (io, attempt) => {
    if (attempt <= 2) return io.reply(503, {}, "unavailable");
    await io.stream(basicChat());
  },
  "http-401": async (io) => io.reply(401, { "content-type": "application/json" }, JSON.stringify({ error: { message: "bad key" } })),
  // Two events, then a TCP reset.
  rst: async (io) => { await io.stream(basicChat().slice(0, 3), { after: "reset" }); },
  // Two events, then FIN in the middle of the chunked body (no terminating 0-chunk).
  premature: async (io) => { await io.stream(basicChat().slice(0, 3), { after: "fin" }); },
  // One event, then silence for 5 s.
  stall: async (io) => { await io.stream(basicChat().slice(0, 2), { hold: 5000 }); },
  // The Anthropic counterpart of `long` (clients/sdks adapters cancel it).
  "anthropic-long": async (io) => {
    const [start, blockStart] = anthropicEvents();
    const deltas = Array.from({ length: 100 }, (_, i) => sse({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: `t${i} ` } }, "content_block_delta"));
    await io.stream([start, blockStart, ...deltas]);
  },
  // A long stream (100 events, 20 ms apart) for cancellation.
  long: async (io) => {
    const evs = [sse(chat({ role: "assistant", content: "" }))];
    for (let i = 0; i < 100; i++) evs.push(sse(chat({ content: `t${i} ` })));
    await io.stream(evs);
  },
};

export async function startFixtureServer() {
  const attempts = new Map(); // "scenario/key" → count
  const requests = new Map(); // "scenario/key" → [{ headers, body, path, openedAt, closedAt }]
  const sockets = new Set();

  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.setNoDelay(true);
    let raw = Buffer.alloc(0);
    let started = false;
    const rec = { openedAt: Date.now(), closedAt: undefined };
    sock.on("close", () => { rec.closedAt = Date.now(); sockets.delete(sock); });
    sock.on("error", () => {});
    sock.on("data", (d) => {
      if (started) return;
      raw = Buffer.concat([raw, d]);
      const endOfHead = raw.indexOf("\r\n\r\n");
      if (endOfHead < 0) return;
      const head = raw.subarray(0, endOfHead).toString("latin1").split("\r\n");
      const [method, path] = head[0].split(" ");
      const headers = {};
      for (const h of head.slice(1)) { const i = h.indexOf(":"); headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim(); }
      const len = Number(headers["content-length"] ?? 0);
      if (raw.length < endOfHead + 4 + len) return; // wait for the whole body
      started = true;
      const body = raw.subarray(endOfHead + 4, endOfHead + 4 + len).toString("utf8");
      const m = /^\/s\/([^/]+)\/([^/]+)\/v1(\/.*)$/.exec(path);
      Object.assign(rec, { method, path, headers, body, endpoint: m?.[3] });
      const key = m ? `${m[1]}/${m[2]}` : "?";
      if (!requests.has(key)) requests.set(key, []);
      requests.get(key).push(rec);
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const scenario = m && scenarios[m[1]];
      const io = makeIo(sock);
      (scenario ? scenario(io, attempt) : io.reply(404, {}, "no such scenario")).catch(() => sock.destroy());
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const port = server.address().port;
  let n = 0;
  return {
    port,
    /** A fresh base URL for one client run of `scenario`. */
    base(scenario) { const key = `k${++n}`; return { url: `http://127.0.0.1:${port}/s/${scenario}/${key}/v1`, key: `${scenario}/${key}` }; },
    requests: (key) => requests.get(key) ?? [],
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

function makeIo(sock) {
  const alive = () => !sock.destroyed && sock.writable;
  const io = {
    write(buf) { if (alive()) sock.write(buf); },
    head(status, headers = {}) {
      const h = { "content-type": "text/event-stream", "cache-control": "no-cache", "transfer-encoding": "chunked", ...headers };
      io.write(`HTTP/1.1 ${status} ${status === 200 ? "OK" : "Status"}\r\n` + Object.entries(h).map(([k, v]) => `${k}: ${v}\r\n`).join("") + "\r\n");
    },
    chunk(piece) {
      const b = Buffer.isBuffer(piece) ? piece : Buffer.from(piece, "utf8");
      if (b.length) io.write(Buffer.concat([Buffer.from(b.length.toString(16) + "\r\n"), b, Buffer.from("\r\n")]));
    },
    /** Writes a 200 SSE response, one chunk per piece, 20 ms apart. */
    async stream(pieces, { hold = 0, after = "finish" } = {}) {
      io.head(200);
      await sleep(60); // let the client get past the headers, so the first pieces are not coalesced into one read
      for (const p of pieces) {
        await sleep(20);
        if (!alive()) return;
        io.chunk(p);
      }
      if (hold) {
        const until = Date.now() + hold;
        while (alive() && Date.now() < until) await sleep(20);
      }
      await sleep(20);
      if (!alive()) return;
      if (after === "reset") sock.resetAndDestroy();
      else if (after === "fin") sock.end();
      else { io.write("0\r\n\r\n"); sock.end(); }
    },
    async reply(status, headers, body) {
      const b = Buffer.from(body, "utf8");
      io.write(`HTTP/1.1 ${status} Status\r\n` + Object.entries({ "content-length": String(b.length), connection: "close", ...headers }).map(([k, v]) => `${k}: ${v}\r\n`).join("") + "\r\n");
      io.write(b);
      sock.end();
    },
  };
  return io;
}

// Manual use: node test/fixture-server.mjs --serve → prints the port; base URL http://127.0.0.1:<port>/s/<scenario>/<any>/v1
// (`node --test test/` also loads this file: without --serve it does nothing.)
if (import.meta.url === `file://${process.argv[1]}` && process.argv.includes("--serve")) {
  const s = await startFixtureServer();
  console.log(`fixture server on 127.0.0.1:${s.port}; scenarios: ${Object.keys(scenarios).join(", ")}`);
}
