// The shared adapter core: environment in, JSON Lines out (docs/adapter-protocol.md).
// Everything except the byte → event parsing lives here, so the known-bad clients differ from the
// careful one only in the parser they plug in.
//
// A parser is created per attempt by `createParser({ flushTrailing })` and has:
//   feed(Uint8Array) → Item[]     end() → Item[]
// where Item is {kind:"event", event, value} | {kind:"done"} | {kind:"parse-error", message}.

import { SseDecoder, interpretCareful } from "./sse.mjs";

const RETRYABLE = new Set([429, 500, 502, 503, 504]);
const MAX_DELAY_MS = 10_000;
const BASE_DELAY_MS = 200;

const out = (o) => process.stdout.write(JSON.stringify(o) + "\n");

/** The Messages API's event names (004's six content-bearing types, ping and error). */
const ANTHROPIC_EVENTS = new Set(["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop", "ping", "error"]);

/**
 * The careful parser: WHATWG line rules + Bastion data rules. `options` also takes the SseDecoder / SseLineParser
 * switches that give a known-bad client its one bug (sse.mjs), and `interpret`, the per-event data rule.
 */
export function carefulParser({ interpret = interpretCareful, ...options }) {
  const sse = new SseDecoder(options);
  const map = (events) => {
    const items = [];
    for (const ev of events) {
      const it = interpret(ev);
      if (!it) continue;
      items.push(it);
      if (it.kind !== "event") break; // done or parse-error: nothing after it is handled
    }
    return items;
  };
  return { feed: (bytes) => map(sse.push(bytes)), end: () => map(sse.end()) };
}

/** The same parser at the SSE-event level (docs/adapter-protocol.md, `events`): every dispatched event, as dispatched. */
export function eventsParser({ flushTrailing }) {
  const sse = new SseDecoder({ flushTrailing });
  const map = (events) => events.map((e) => ({ kind: "sse", sse: e }));
  return { feed: (bytes) => map(sse.push(bytes)), end: () => map(sse.end()) };
}

function intEnv(name) {
  const v = process.env[name];
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : undefined;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Nesting limit for yielded payloads: System.Text.Json's default MaxDepth (RFC 8259 §9: a parser may limit nesting). */
const MAX_DEPTH = 64;

/**
 * True when a parsed value nests deeper than MAX_DEPTH. Iterative on purpose: JSON.parse survives 10,000 nested
 * arrays, but JSON.stringify (writing the chunk line) throws RangeError "Maximum call stack size exceeded" on them,
 * so such a payload is dropped as unparseable, as a depth-limited parser (the .NET client's) drops it.
 */
export function tooDeep(value, limit = MAX_DEPTH) {
  const stack = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop();
    if (v === null || typeof v !== "object") continue;
    if (d + 1 > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return false;
}

/**
 * The server's wait: `retry-after-ms` first (milliseconds; openai-node reads it before Retry-After: "Note the
 * `retry-after-ms` header may not be standard, but is a good idea and we'd like proactive support for it."), then
 * Retry-After as delta-seconds or an HTTP-date; capped. Returns ms or undefined.
 */
export function serverWaitMs(headers, now = Date.now()) {
  const ms = headers.get("retry-after-ms")?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.min(Math.ceil(Number(ms)), MAX_DELAY_MS);
  return retryAfterMs(headers.get("retry-after"), now);
}

/**
 * The known-bad reading (clients/node-retry-after-seconds-only): Retry-After taken as delta-seconds only, the way
 * hand-written retry loops do (`Number(h) * 1000`). An HTTP-date gives NaN, and setTimeout(NaN) fires at once.
 */
export function secondsOnlyWaitMs(headers) {
  const ms = headers.get("retry-after-ms")?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.min(Math.ceil(Number(ms)), MAX_DELAY_MS);
  const h = headers.get("retry-after");
  return h ? Number(h) * 1000 : undefined;
}

/** Retry-After: delta-seconds or HTTP-date; capped. Returns ms or undefined. */
export function retryAfterMs(header, now = Date.now()) {
  if (!header) return undefined;
  const h = header.trim();
  if (/^\d+(\.\d+)?$/.test(h)) return Math.min(Number(h) * 1000, MAX_DELAY_MS);
  const t = Date.parse(h);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, Math.min(t - now, MAX_DELAY_MS));
}

function backoffMs(retryIndex) {
  const base = Math.min(BASE_DELAY_MS * 2 ** (retryIndex - 1), MAX_DELAY_MS);
  return Math.round(base / 2 + Math.random() * (base / 2)); // "equal jitter"
}

function errorMessage(bodyText, fallback) {
  try {
    const j = JSON.parse(bodyText);
    const m = j?.error?.message ?? j?.message ?? (typeof j?.error === "string" ? j.error : undefined);
    if (typeof m === "string" && m) return m;
  } catch { /* not JSON */ }
  return bodyText.trim() || fallback;
}

/** The provider's name for the error ({"error":{"type":…}}, Anthropic's {"type":"error","error":{"type":…}}, Google's {"error":{"status":…}}), as `error_type`. */
function errorType(bodyText) {
  try {
    const e = JSON.parse(bodyText)?.error;
    const t = e?.type ?? e?.status;
    if (typeof t === "string" && t) return { error_type: t };
  } catch { /* not JSON */ }
  return {};
}

/** Assembles the client's own view of the message from the yielded chunks. */
class Assembler {
  /**
   * @param {string} api
   * @param {{ argsWithName?: boolean }} bugs  argsWithName: false reproduces a known-bad assembler that takes only id/name
   *   from the fragment that opens a call and drops the arguments that arrive with them (see clients/node-tool-args-with-name).
   */
  constructor(api, { argsWithName = true } = {}) {
    this.api = api;
    this.argsWithName = argsWithName;
    this.content = "";
    this.reasoning = "";
    this.tools = new Map(); // index → {index,id,name,arguments}
    this.anthropicBlocks = new Map(); // content block index → tool index
    this.finish = undefined;
    this.usage = undefined;
    this.any = false;
  }

  add(v) {
    this.any = true;
    if (!v || typeof v !== "object") return;
    if (this.api === "anthropic-messages") return this.#anthropic(v);
    if (this.api === "openai-responses") return this.#responses(v);
    if (this.api === "gemini-generate") return this.#gemini(v);
    if (v.usage) this.usage = v.usage;
    const c = Array.isArray(v.choices) ? v.choices[0] : undefined;
    if (!c) return;
    if (c.finish_reason) this.finish = c.finish_reason;
    if (this.api === "openai-completions") {
      if (typeof c.text === "string") this.content += c.text;
      return;
    }
    const d = c.delta ?? {};
    if (typeof d.content === "string") this.content += d.content;
    // reasoning_content (DeepSeek, SandBase) or reasoning (Ollama, vLLM, OpenRouter); vLLM may send both with the same text.
    const reasoning = typeof d.reasoning_content === "string" ? d.reasoning_content : d.reasoning;
    if (typeof reasoning === "string") this.reasoning += reasoning;
    for (const tc of Array.isArray(d.tool_calls) ? d.tool_calls : []) {
      const idx = tc.index ?? 0;
      let t = this.tools.get(idx);
      if (!t) this.tools.set(idx, (t = { index: idx, id: "", name: "", arguments: "" }));
      if (tc.id) t.id = tc.id;
      if (tc.function?.name) t.name += tc.function.name;
      const opens = Boolean(tc.id || tc.function?.name);
      if (typeof tc.function?.arguments === "string" && (this.argsWithName || !opens)) t.arguments += tc.function.arguments;
    }
  }

  /** Responses events: text from output_text deltas only (the .done events repeat it); function calls by output_index. */
  #responses(v) {
    switch (v.type) {
      case "response.output_text.delta":
        if (typeof v.delta === "string") this.content += v.delta;
        break;
      case "response.reasoning_summary_text.delta":
      case "response.reasoning_text.delta":
        if (typeof v.delta === "string") this.reasoning += v.delta;
        break;
      case "response.output_item.added":
        if (v.item?.type === "function_call") {
          const idx = this.tools.size; // the position among tool calls, not the output index
          this.anthropicBlocks.set(v.output_index ?? 0, idx);
          this.tools.set(idx, { index: idx, id: v.item.call_id ?? "", name: v.item.name ?? "", arguments: "" });
        }
        break;
      case "response.function_call_arguments.delta": {
        const t = this.tools.get(this.anthropicBlocks.get(v.output_index ?? 0));
        if (t && typeof v.delta === "string") t.arguments += v.delta;
        break;
      }
      case "response.completed":
      case "response.incomplete":
        if (typeof v.response?.status === "string") this.finish = v.response.status;
        if (v.response?.usage && typeof v.response.usage === "object") this.usage = v.response.usage;
        break;
      default:
        break;
    }
  }

  #anthropic(v) {
    switch (v.type) {
      case "message_start":
        if (v.message?.usage) this.usage = { ...v.message.usage };
        break;
      case "content_block_start":
        if (v.content_block?.type === "tool_use") {
          // tool_calls[].index is the position among tool calls (OpenAI meaning), not the content block index.
          const idx = this.tools.size;
          this.anthropicBlocks.set(v.index, idx);
          this.tools.set(idx, { index: idx, id: v.content_block.id ?? "", name: v.content_block.name ?? "", arguments: "" });
        } else if (v.content_block?.type === "text" && typeof v.content_block.text === "string") {
          this.content += v.content_block.text;
        }
        break;
      case "content_block_delta": {
        const d = v.delta ?? {};
        if (d.type === "text_delta" && typeof d.text === "string") this.content += d.text;
        else if (d.type === "thinking_delta" && typeof d.thinking === "string") this.reasoning += d.thinking;
        else if (d.type === "input_json_delta" && typeof d.partial_json === "string") {
          const t = this.tools.get(this.anthropicBlocks.get(v.index));
          if (t) t.arguments += d.partial_json;
        }
        break;
      }
      case "message_delta":
        if (v.delta?.stop_reason) this.finish = v.delta.stop_reason;
        if (v.usage) this.usage = { ...(this.usage ?? {}), ...v.usage };
        break;
      default:
        break;
    }
  }

  /** A GenerateContentResponse: candidates[0]'s parts (text, thought text, whole functionCall parts), finishReason, usageMetadata. */
  #gemini(v) {
    if (v.usageMetadata) this.usage = v.usageMetadata;
    const c = Array.isArray(v.candidates) ? v.candidates[0] : undefined;
    if (!c) return;
    if (c.finishReason) this.finish = c.finishReason;
    for (const p of Array.isArray(c.content?.parts) ? c.content.parts : []) {
      if (p?.functionCall && typeof p.functionCall === "object") {
        // Whole, never fragments: each functionCall part is its own call, numbered by position.
        const idx = this.tools.size;
        const t = { index: idx, name: p.functionCall.name ?? "", arguments: JSON.stringify(p.functionCall.args ?? {}) };
        if (p.functionCall.id) t.id = p.functionCall.id;
        this.tools.set(idx, t);
      } else if (typeof p?.text === "string") {
        if (p.thought === true) this.reasoning += p.text;
        else this.content += p.text;
      }
    }
  }

  message() {
    const m = { type: "message", content: this.content };
    if (this.tools.size) m.tool_calls = [...this.tools.values()].sort((a, b) => a.index - b.index);
    if (this.reasoning) m.reasoning = this.reasoning;
    if (this.finish !== undefined) m.finish_reason = this.finish;
    if (this.usage !== undefined) m.usage = this.usage;
    return m;
  }
}

/**
 * Runs one adapter case and returns when the final `end` or `error` line has been written.
 * @param {{ createParser: (o: {flushTrailing: boolean}) => {feed: (b: Uint8Array) => any[], end: () => any[]} }} options
 */
export async function runAdapter({ createParser, leakOnCancel = false, observes = "objects", assembler = {}, serverWait = serverWaitMs, honourTotalBudget = true, anthropicByEventName = false, responsesEofIsSuccess = false }) {
  const env = process.env;
  // Load fetch's implementation now (node 20 loads undici on first use: ~90-350 ms here, most of this process's CPU),
  // before any timer is armed: the idle timeout measures the network, and on a busy machine the load alone once
  // outlasted a 400 ms timeout, so the client "timed out" on a live one-byte drip before reading a byte.
  void globalThis.Response;
  const api = env.CONFORMANCE_API ?? "openai-chat";
  // Gemini: the model is in the path (the case's base URL already names the scenario) and alt=sse asks for SSE,
  // not the JSON array the same endpoint answers without it.
  const path = api === "gemini-generate" ? "/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
    : { "anthropic-messages": "/messages", "openai-completions": "/completions", "openai-responses": "/responses" }[api] ?? "/chat/completions";
  const url = `${env.CONFORMANCE_BASE_URL}${path}`;
  const cancelAfter = intEnv("CONFORMANCE_CANCEL_AFTER");
  const timeoutMs = intEnv("CONFORMANCE_TIMEOUT_MS");
  const maxRetries = intEnv("CONFORMANCE_MAX_RETRIES") ?? 0;
  // A single budget for the whole call, every attempt included (001: "a single budget across every call"):
  // heartbeats re-arm the idle timer forever, only this ends an endless stream.
  const totalMs = honourTotalBudget ? intEnv("CONFORMANCE_TOTAL_TIMEOUT_MS") : undefined;
  const deadline = totalMs === undefined ? undefined : Date.now() + totalMs;
  // bastion (and no profile) → flush an unterminated final event (001: "A trailing event without a
  // terminator is flushed at end-of-stream"); whatwg/openai/anthropic → discard it, as the WHATWG algorithm does.
  const profile = (env.CONFORMANCE_PROFILE ?? "").toLowerCase();
  const flushTrailing = !["whatwg", "openai", "anthropic"].includes(profile);
  const headers = {
    "content-type": "application/json",
    accept: "text/event-stream",
    authorization: `Bearer ${env.CONFORMANCE_API_KEY ?? ""}`,
  };
  if (api === "anthropic-messages") headers["anthropic-version"] = "2023-06-01";
  if (api === "gemini-generate") headers["x-goog-api-key"] = env.CONFORMANCE_API_KEY ?? "";

  const asm = new Assembler(api, assembler);
  const timeoutMessage = () =>
    deadline !== undefined && Date.now() >= deadline - 5 ? `total budget of ${totalMs} ms spent` : `no bytes for ${timeoutMs} ms`;
  const finishWithError = (e) => {
    if (asm.any) out(asm.message());
    out({ type: "error", ...e });
  };

  for (let attempt = 1; ; attempt++) {
    const controller = new AbortController();
    let timedOut = false;
    let timer;
    const arm = () => {
      // The idle timeout, re-armed on every read, never past the total deadline.
      const left = deadline === undefined ? undefined : Math.max(0, deadline - Date.now());
      const ms = timeoutMs === undefined ? left : left === undefined ? timeoutMs : Math.min(timeoutMs, left);
      if (ms === undefined) return;
      clearTimeout(timer);
      timer = setTimeout(() => { timedOut = true; controller.abort(); }, ms);
    };
    const disarm = () => clearTimeout(timer);
    const canRetry = attempt <= maxRetries;

    let res;
    arm(); // the idle timeout also covers waiting for the response headers
    try {
      res = await fetch(url, { method: "POST", headers, body: env.CONFORMANCE_REQUEST ?? "", signal: controller.signal });
    } catch (err) {
      disarm();
      if (timedOut) return finishWithError({ kind: "timeout", message: timeoutMessage() });
      if (canRetry) {
        await sleep(backoffMs(attempt));
        out({ type: "retry", attempt: attempt + 1 });
        continue;
      }
      return finishWithError({ kind: "network", message: describe(err) });
    }

    if (!res.ok) {
      let body = "";
      try { body = await res.text(); } catch { /* body broken: status is what matters */ }
      disarm();
      if (RETRYABLE.has(res.status) && canRetry) {
        await sleep(serverWait(res.headers) ?? backoffMs(attempt));
        out({ type: "retry", attempt: attempt + 1 });
        continue;
      }
      if (timedOut) return finishWithError({ kind: "timeout", message: timeoutMessage() });
      return finishWithError({ kind: "http", status: res.status, message: errorMessage(body, res.statusText || `HTTP ${res.status}`), ...errorType(body) });
    }

    // A 200 that is a JSON document, not an event stream, is an error response in disguise
    // (004: "Content-Type: text/event-stream"); read it and raise it instead of parsing it as SSE.
    if ((res.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
      let body = "";
      try { body = await res.text(); } catch { /* broken body: still not a stream */ }
      disarm();
      return finishWithError({ kind: "api", status: res.status, message: errorMessage(body, "200 with an application/json body instead of a stream"), ...errorType(body) });
    }

    // The stream is open: from here on nothing is retried (000: a dropped stream is the caller's to retry).
    const reader = res.body.getReader();
    const parser = createParser({ flushTrailing });
    let yielded = 0;
    const stop = () => {
      disarm();
      // Close the connection now: cancel the reader and abort the request (001: "closes the underlying connection").
      reader.cancel().catch(() => {});
      controller.abort();
    };

    /** @returns {boolean} true when the run is over */
    const handle = (items) => {
      for (const it of items) {
        if (it.kind === "sse") {
          // The events level: no LLM interpretation ([DONE] is an event like any other); the body's end ends it.
          const { event, data, id } = it.sse;
          out(id === undefined ? { type: "event", event, data } : { type: "event", event, data, id });
          if (cancelAfter !== undefined && ++yielded >= cancelAfter) { stop(); out({ type: "end", reason: "cancelled" }); return true; }
          continue;
        }
        if (it.kind === "parse-error") { stop(); finishWithError({ kind: "parse", message: it.message }); return true; }
        if (it.kind === "done") { stop(); out(asm.message()); out({ type: "end", reason: "done" }); return true; }
        const v = it.value;
        const type = api === "anthropic-messages" ? (anthropicByEventName ? it.event : (v?.type ?? it.event))
          : api === "openai-responses" ? (typeof v?.type === "string" ? v.type : it.event) : undefined;
        if (api === "openai-responses") {
          // Typed events, routed by the data's type (the event: line, when present, equals it). Both error shapes
          // seen in the wild are raised: flat {type:"error", code, message} and nested {type:"error", error:{…}}.
          if (type === "error" || it.event === "error" || (v && typeof v === "object" && v.type === undefined && v.error && typeof v.error === "object")) {
            stop();
            const nested = v?.error && typeof v.error === "object" ? v.error : undefined;
            const code = nested ? (nested.type ?? nested.code) : v?.code;
            finishWithError({ kind: "api", message: (nested?.message ?? v?.message) || "error event", ...(typeof code === "string" && code ? { error_type: code } : {}) });
            return true;
          }
          if (type === "response.failed") {
            stop();
            const e = v?.response?.error ?? {};
            finishWithError({ kind: "api", message: e.message || "response.failed", ...(typeof e.code === "string" && e.code ? { error_type: e.code } : {}) });
            return true;
          }
        } else if (api === "anthropic-messages") {
          // anthropicByEventName: route by the SSE event name alone, as @anthropic-ai/sdk's Stream does
          // (`if (sse.event === 'message_start' || … ) yield JSON.parse(sse.data)`): any other name is passed over.
          if (anthropicByEventName && !ANTHROPIC_EVENTS.has(type)) continue;
          if (type === "ping") continue;
          if (type === "error" || it.event === "error") {
            stop();
            finishWithError({ kind: "api", message: errorMessage(JSON.stringify(v), "error event"), ...errorType(JSON.stringify(v)) });
            return true;
          }
        } else if (api === "gemini-generate") {
          // A bare {"error": {code, message, status}} chunk without candidates (js-genai raises it as an ApiError).
          if (v && typeof v === "object" && v.error && !v.candidates) {
            stop();
            finishWithError({ kind: "api", message: errorMessage(JSON.stringify(v), "error chunk"), ...errorType(JSON.stringify(v)) });
            return true;
          }
        } else if ((v && typeof v === "object" && v.error && !v.choices) || it.event === "error") {
          // SandBase-style embedded error inside a 200 stream (004).
          stop();
          finishWithError({ kind: "api", message: errorMessage(JSON.stringify(v), "error event"), ...errorType(JSON.stringify(v)) });
          return true;
        }
        if (tooDeep(v)) continue; // unparseable to this client: dropped like non-JSON data (001)
        out({ type: "chunk", data: v });
        asm.add(v);
        yielded++;
        // Gemini has no terminator: the chunk whose candidate carries a finishReason is the last of the answer
        // ("If empty, the model has not stopped generating the tokens").
        const finished = api === "gemini-generate" && Array.isArray(v?.candidates) && v.candidates.some((c) => c?.finishReason && c.finishReason !== "FINISH_REASON_UNSPECIFIED");
        if (api === "anthropic-messages" && type === "message_stop" || api === "openai-responses" && (type === "response.completed" || type === "response.incomplete") || finished) {
          stop(); out(asm.message()); out({ type: "end", reason: "done" }); return true;
        }
        if (cancelAfter !== undefined && yielded >= cancelAfter) {
          // The leak (a known-bad variant): stop reading but neither cancel the reader nor abort the request,
          // so the connection stays open until the process exits.
          if (leakOnCancel) disarm(); else stop();
          out(asm.message()); out({ type: "end", reason: "cancelled" }); return true;
        }
      }
      return false;
    };

    if (cancelAfter === 0) { stop(); out(asm.message()); out({ type: "end", reason: "cancelled" }); return; }
    arm();
    for (;;) {
      let r;
      try {
        r = await reader.read();
      } catch (err) {
        disarm();
        if (timedOut) return finishWithError({ kind: "timeout", message: timeoutMessage() });
        return finishWithError({ kind: "network", message: describe(err) });
      }
      if (r.done) break;
      arm();
      // A decoder that throws (a strict one, on invalid UTF-8) fails the stream the way its users see it.
      let items;
      try { items = parser.feed(r.value); } catch (err) { stop(); return finishWithError({ kind: "parse", message: describe(err) }); }
      if (handle(items)) return;
    }
    disarm();
    let rest;
    try { rest = parser.end(); } catch (err) { return finishWithError({ kind: "parse", message: describe(err) }); }
    if (handle(rest)) return;
    if (api === "openai-responses" && !responsesEofIsSuccess) {
      // Every Responses stream ends with a terminal event: a body that ends before one is an incomplete answer.
      return finishWithError({ kind: "other", message: "the stream ended without a terminal event (response.completed, response.incomplete or response.failed)" });
    }
    if (observes !== "events") out(asm.message());
    out({ type: "end", reason: "eof" });
    return;
  }
}

function describe(err) {
  const cause = err?.cause;
  const parts = [err?.name, err?.message, cause?.code, cause?.message].filter(Boolean);
  return [...new Set(parts)].join(": ") || String(err);
}

/** Entry point helper: run, then exit 0 (the adapter ran to its end). */
/**
 * The hello handshake (docs/adapter-protocol.md): the reference clients have every feature. The one-bug variants speak
 * the three original APIs; node-careful (and the Responses variant) add openai-responses (`apis`, RESPONSES_APIS).
 */
export const HELLO = {
  type: "hello",
  apis: ["openai-chat", "openai-completions", "anthropic-messages", "gemini-generate"],
  features: ["retries", "idle-timeout", "cancel", "status", "total-timeout"],
  observes: "objects",
};

export const RESPONSES_APIS = [...HELLO.apis, "openai-responses"];

/**
 * A cancelling case sets CONFORMANCE_LINGER_MS: stay alive that long after the final line, because a process
 * exit closes every socket and would hide a cancel that left the connection open (docs/adapter-protocol.md).
 */
const linger = () => new Promise((r) => setTimeout(r, process.env.CONFORMANCE_CANCEL_AFTER ? intEnv("CONFORMANCE_LINGER_MS") ?? 0 : 0));

export function main(createParser, name = "node-reference", { leakOnCancel = false, observes = "objects", assembler = {}, serverWait = serverWaitMs, honourTotalBudget = true, anthropicByEventName = false, responsesEofIsSuccess = false, apis = HELLO.apis, features = HELLO.features, run } = {}) {
  if (process.env.CONFORMANCE_HELLO === "1") {
    process.stdout.write(JSON.stringify({ ...HELLO, name, sdk: `node@${process.versions.node}`, apis, observes, features }) + "\n", () => process.exit(0));
    return;
  }
  // `run` replaces the whole case for a client with a loop of its own (reconnect.mjs); `features` is its hello's.
  (run ?? (() => runAdapter({ createParser, leakOnCancel, observes, assembler, serverWait, honourTotalBudget, anthropicByEventName, responsesEofIsSuccess })))().then(linger).then(
    () => process.stdout.write("", () => process.exit(0)),
    (err) => {
      // A bug in the adapter itself: report it on stderr and fail (contract: ADAPTER-ERROR).
      process.stderr.write(`adapter fault: ${err?.stack ?? err}\n`);
      process.exit(1);
    },
  );
}
