// fetch-careful: a correct fetch + ReadableStream SSE client, the way the WHATWG algorithm and the
// official SDKs read a stream: bytes buffered until a line ends (CR, LF or CRLF, including a CR at
// the end of one read whose LF comes in the next), a streaming TextDecoder (splits inside a UTF-8
// sequence are fine, one leading BOM skipped), comments ignored, [DONE] checked before JSON,
// embedded errors raised, Anthropic named events, retries on 429/5xx honouring Retry-After, an idle
// timeout, cancellation. Browser contract: docs/browser-contract.md.

const sleep = (ms, signal) => new Promise((resolve) => {
  const t = setTimeout(resolve, ms);
  signal.addEventListener("abort", () => { clearTimeout(t); resolve(); }, { once: true });
});

/** Retry-After as seconds or an HTTP date, in ms; null when absent or unreadable. */
function retryAfterMs(value) {
  if (!value) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.max(0, Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function errorMessage(text, fallback) {
  try {
    const body = JSON.parse(text);
    return body?.error?.message ?? body?.message ?? fallback;
  } catch {
    return text || fallback;
  }
}

/** The WHATWG event-stream line and field rules. onEvent(name, data) returns true to stop. */
class SseParser {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = "";
    this.skipLf = false; // the previous read ended in CR: an LF at the start of this one belongs to it
    this.data = [];
    this.event = "";
    this.stopped = false;
  }

  feed(text) {
    if (!text) return;
    if (this.skipLf) {
      this.skipLf = false;
      if (text.charCodeAt(0) === 10) text = text.slice(1);
    }
    this.buffer += text;
    let start = 0;
    const lineEnd = /\r\n|\r|\n/g;
    let m;
    while (!this.stopped && (m = lineEnd.exec(this.buffer)) !== null) {
      this.line(this.buffer.slice(start, m.index));
      start = m.index + m[0].length;
      if (m[0] === "\r" && start === this.buffer.length) this.skipLf = true;
    }
    this.buffer = this.buffer.slice(start);
  }

  line(line) {
    if (line === "") return this.dispatch();
    if (line.charCodeAt(0) === 58) return; // ":" comment
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
    // id and retry only matter to EventSource reconnection; unknown fields are ignored.
  }

  dispatch() {
    const name = this.event || "message";
    const data = this.data;
    this.event = "";
    this.data = [];
    if (data.length === 0) return;
    if (this.onEvent(name, data.join("\n"))) this.stopped = true;
  }
  // At EOF an event without its blank line is discarded (WHATWG): nothing to flush.
}

export default async function run(ctx) {
  const url = `${ctx.baseUrl}/${ctx.endpoint}`;
  const maxRetries = ctx.maxRetries ?? 0;
  const controller = new AbortController();
  ctx.signal.addEventListener("abort", () => controller.abort(), { once: true });
  let timedOut = false;
  let idle;
  const arm = () => {
    if (!ctx.timeoutMs) return;
    clearTimeout(idle);
    idle = setTimeout(() => { timedOut = true; controller.abort(); }, ctx.timeoutMs);
  };
  const fail = (kind, message, status) => {
    clearTimeout(idle);
    ctx.emit(status === undefined ? { type: "error", kind, message } : { type: "error", kind, status, message });
  };
  const failFromThrow = (e) => timedOut
    ? fail("timeout", `no bytes for ${ctx.timeoutMs} ms`)
    : ctx.signal.aborted ? fail("abort", String(e)) : fail("network", String(e));

  // 1. The request, with retries before the stream opens.
  let response;
  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) ctx.emit({ type: "retry", attempt });
    arm();
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "accept": "text/event-stream", "authorization": `Bearer ${ctx.apiKey}` },
        body: ctx.request,
        signal: controller.signal,
      });
    } catch (e) {
      if (!timedOut && !ctx.signal.aborted && attempt <= maxRetries) { clearTimeout(idle); await sleep(Math.min(8000, 500 * 2 ** (attempt - 1)), controller.signal); continue; }
      return failFromThrow(e);
    }
    if (response.ok) break;
    const text = await response.text().catch(() => "");
    clearTimeout(idle);
    if ((response.status === 429 || response.status >= 500) && attempt <= maxRetries) {
      await sleep(retryAfterMs(response.headers.get("retry-after")) ?? Math.min(8000, 500 * 2 ** (attempt - 1)), controller.signal);
      continue;
    }
    return fail("http", errorMessage(text, response.statusText || `HTTP ${response.status}`), response.status);
  }

  // 2. The stream.
  let outcome = null; // the final observation, once decided
  let chunks = 0;
  const parser = new SseParser((name, data) => {
    if (data === "[DONE]") { outcome = { type: "end", reason: "done" }; return true; }
    if (name === "ping") return false;
    let parsed;
    try {
      parsed = JSON.parse(data);
    } catch (e) {
      outcome = { type: "error", kind: "parse", message: `${e}: ${data.slice(0, 200)}` };
      return true;
    }
    if (name === "error" || parsed?.type === "error" || (parsed && typeof parsed === "object" && "error" in parsed && parsed.error)) {
      const err = parsed.error ?? parsed;
      outcome = { type: "error", kind: "api", message: String(err?.message ?? JSON.stringify(err)) };
      return true;
    }
    if (parsed?.type === "ping") return false;
    ctx.emit({ type: "chunk", data: parsed });
    if (parsed?.type === "message_stop") { outcome = { type: "end", reason: "done" }; return true; }
    if (ctx.cancelAfter && ++chunks >= ctx.cancelAfter) { outcome = { type: "end", reason: "cancelled" }; return true; }
    return false;
  });

  const reader = response.body.getReader();
  const decoder = new TextDecoder("utf-8"); // strips one leading BOM, keeps split sequences across reads
  try {
    arm();
    while (!outcome) {
      const { done, value } = await reader.read();
      if (done) {
        parser.feed(decoder.decode());
        if (!outcome) outcome = { type: "end", reason: "eof" };
        break;
      }
      arm();
      parser.feed(decoder.decode(value, { stream: true }));
    }
  } catch (e) {
    return failFromThrow(e);
  } finally {
    clearTimeout(idle);
  }
  // Stop reading what follows the end (a body held open after [DONE], data after message_stop).
  reader.cancel().catch(() => {});
  controller.abort();
  ctx.emit(outcome);
}
