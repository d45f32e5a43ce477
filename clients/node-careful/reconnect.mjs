// The careful client as a reconnecting SSE client at the events level (docs/adapter-protocol.md, feature `reconnect`):
// what EventSource does, in node. With CONFORMANCE_RECONNECTS=N it reconnects by itself after the stream ends or
// drops, at most N times, following the WHATWG EventSource processing model
// (https://html.spec.whatwg.org/multipage/server-sent-events.html#sse-processing-model):
//   - each connection's body is interpreted on its own: an event cut by the end of its body is discarded;
//   - the last event ID string (set at every blank line, also one without data; an id: with NUL ignored, an empty
//     id: resets it) goes back as Last-Event-ID, encoded as UTF-8, and not at all while it is empty;
//   - retry: (ASCII digits only) sets the reconnection time waited before the next request;
//   - a status other than 200 or a Content-Type other than text/event-stream fails the connection: no reconnection
//     (204 No Content is the server's way to say stop: reported as a clean end).
// The known-bad variants (node-reconnect-*) switch one of these off; see clients/expected-failures.json.
import { HELLO, eventsParser, main } from "./adapter.mjs";
import { SseDecoder } from "./sse.mjs";

/** "an implementation-defined value, probably in the region of a few seconds" (Chromium: 3 s). */
const DEFAULT_RECONNECTION_MS = 3000;

const out = (o) => process.stdout.write(JSON.stringify(o) + "\n");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function intEnv(name) {
  const v = process.env[name];
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : undefined;
}

function describe(err) {
  const cause = err?.cause;
  return [...new Set([err?.name, err?.message, cause?.code, cause?.message].filter(Boolean))].join(": ") || String(err);
}

/** A header value is a byte string: UTF-8 bytes, one Latin-1 character each (fetch would send "é" as the single byte E9). */
const utf8Header = (s) => Buffer.from(s, "utf8").toString("latin1");

/**
 * One reconnecting run. The options are the known-bad variants' switches; the defaults are the careful client.
 * @param {{ sendLastEventId?: boolean, fixedDelayMs?: number, parserPerConnection?: boolean }} bugs
 *   sendLastEventId=false never sends Last-Event-ID; fixedDelayMs ignores retry: and always waits that long;
 *   parserPerConnection=false feeds every connection into one parser, so an event cut by a FIN is completed by the
 *   next connection's bytes.
 */
export async function runReconnecting({ sendLastEventId = true, fixedDelayMs, parserPerConnection = true } = {}) {
  const env = process.env;
  const api = env.CONFORMANCE_API ?? "openai-chat";
  const path = api === "anthropic-messages" ? "/messages" : api === "openai-completions" ? "/completions" : "/chat/completions";
  const url = `${env.CONFORMANCE_BASE_URL}${path}`;
  const budget = intEnv("CONFORMANCE_RECONNECTS") ?? 0;
  const timeoutMs = intEnv("CONFORMANCE_TIMEOUT_MS");
  let lastEventId = ""; // "A last event ID string. This must initially be the empty string."
  let reconnectionMs = DEFAULT_RECONNECTION_MS;
  let shared; // the one-parser bug

  for (let attempt = 1; ; attempt++) {
    const headers = {
      "content-type": "application/json",
      accept: "text/event-stream",
      "cache-control": "no-cache",
      authorization: `Bearer ${env.CONFORMANCE_API_KEY ?? ""}`,
    };
    if (api === "anthropic-messages") headers["anthropic-version"] = "2023-06-01";
    if (sendLastEventId && lastEventId !== "") headers["last-event-id"] = utf8Header(lastEventId);

    const controller = new AbortController();
    let timedOut = false;
    let timer;
    const arm = () => {
      if (timeoutMs === undefined) return;
      clearTimeout(timer);
      timer = setTimeout(() => { timedOut = true; controller.abort(); }, timeoutMs);
    };
    const disarm = () => clearTimeout(timer);

    const reconnect = async () => {
      await sleep(fixedDelayMs ?? reconnectionMs); // "Wait a delay equal to the reconnection time of the event source."
      out({ type: "retry", attempt: attempt + 1 });
    };

    let res;
    arm();
    try {
      res = await fetch(url, { method: "POST", headers, body: env.CONFORMANCE_REQUEST ?? "", signal: controller.signal });
    } catch (err) {
      disarm();
      if (timedOut) return out({ type: "error", kind: "timeout", message: `no bytes for ${timeoutMs} ms` });
      // A network error before any response: "reestablish the connection".
      if (attempt > budget) return out({ type: "error", kind: "network", message: describe(err) });
      await reconnect();
      continue;
    }

    const type = res.headers.get("content-type") ?? "";
    if (res.status !== 200 || type.split(";")[0].trim().toLowerCase() !== "text/event-stream") {
      // "if res's status is not 200, or if res's `Content-Type` is not `text/event-stream`, then fail the connection",
      // and "Once the user agent has failed the connection, it does not attempt to reconnect."
      let body = "";
      try { body = await res.text(); } catch { /* the status is what matters */ }
      disarm();
      if (res.status === 204) return out({ type: "end", reason: "eof" });
      return out({
        type: "error", kind: "http", status: res.status,
        message: res.status !== 200 ? `HTTP ${res.status}: ${body.trim().slice(0, 200)}` : `Content-Type '${type}' is not text/event-stream`,
      });
    }

    // One parser per connection ("When a stream is parsed, a data buffer, an event type buffer, and a last event ID
    // buffer must be associated with it"), starting from the last event ID this client already has, as Chromium does.
    const parser = parserPerConnection
      ? new SseDecoder({ flushTrailing: false, lastEventId: lastEventId === "" ? undefined : lastEventId })
      : (shared ??= new SseDecoder({ flushTrailing: false }));
    const emit = (events) => {
      for (const { event, data, id } of events) out(id === undefined ? { type: "event", event, data } : { type: "event", event, data, id });
    };
    const reader = res.body.getReader();
    for (;;) {
      let r;
      try {
        r = await reader.read();
      } catch (err) {
        if (timedOut) { disarm(); return out({ type: "error", kind: "timeout", message: `no bytes for ${timeoutMs} ms` }); }
        break; // a FIN or RST in the middle of the body ends this connection like a clean end does
      }
      if (r.done) break;
      arm();
      emit(parser.push(r.value));
    }
    disarm();
    // "Once the end of the file is reached, any pending data must be discarded." (the one-parser bug keeps it)
    if (parserPerConnection) emit(parser.end());
    if (parser.lines.lastEventIdString !== undefined) lastEventId = parser.lines.lastEventIdString;
    if (parser.lines.retry !== undefined) reconnectionMs = parser.lines.retry;

    if (attempt > budget) return out({ type: "end", reason: "eof" }); // the case's reconnections are spent
    await reconnect();
  }
}

/** What this client and its known-bad variants declare: everything the careful client does, plus `reconnect`. */
export const RECONNECT_FEATURES = [...HELLO.features, "reconnect"];

/**
 * The entry point of events-reconnect.mjs and of the known-bad variants, which pass the one bug they plant: in a case
 * with CONFORMANCE_RECONNECTS it reconnects; anywhere else it is the careful events-level client (events.mjs).
 */
export function mainReconnecting(name, bugs = {}) {
  main(eventsParser, name, {
    observes: "events",
    features: RECONNECT_FEATURES,
    run: process.env.CONFORMANCE_RECONNECTS ? () => runReconnecting(bugs) : undefined,
  });
}
