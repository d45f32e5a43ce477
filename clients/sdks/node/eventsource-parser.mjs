// eventsource-parser (npm) behind the few lines of fetch code its README shows:
//   response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream())
// The library turns bytes into events (line endings, BOM, comments, fields, multi-line data, dispatch);
// the code here is what every app adds on top, kept careful so that what is scored is the parser:
// - non-2xx → http error with the status; a 200 with an application/json body → api error;
// - OpenAI: `data: [DONE]` (checked before JSON.parse) ends the run as `done`; an embedded `{"error":…}`
//   → api error; Anthropic: `ping` skipped, `event: error` → api error, `message_stop` yielded then `done`;
// - data that is not JSON is dropped (seed 001), as EventSource consumers generally do;
// - the body ending without a terminator → `eof`. The parser discards an unterminated last event (WHATWG).
// No retries: the library has no request layer. Idle timeout: lib/common.mjs idleFetch (plain user code).
import { EventSourceParserStream } from "eventsource-parser/stream";
import { consume, describe, idleFetch, installed, main, runtimeKind } from "./lib/common.mjs";

const hello = {
  name: "eventsource-parser",
  sdk: installed("eventsource-parser"),
  apis: ["openai-chat", "openai-completions", "anthropic-messages"],
  features: ["idle-timeout", "cancel", "status"],
  observes: "objects",
};

/** An error the provider reported (a non-2xx status, or an error inside a 200). */
class ProviderError extends Error {
  constructor(kind, message, status) {
    super(message);
    this.name = "ProviderError";
    this.kind = kind;
    this.status = status;
  }
}

const kindOf = (err) => (err instanceof ProviderError ? { kind: err.kind, status: err.status } : runtimeKind(err));

function errorText(text, fallback) {
  try {
    const j = JSON.parse(text);
    const m = j?.error?.message ?? j?.message;
    if (typeof m === "string" && m) return m;
  } catch { /* not JSON */ }
  return text.trim() || fallback;
}

const PATHS = { "openai-chat": "/chat/completions", "openai-completions": "/completions", "anthropic-messages": "/messages" };

/** Yields parsed event objects; sets `state.terminated` when the stream's own terminator was seen. */
async function* events(res, api, state) {
  const reader = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  try {
    for (;;) {
      const { done, value: ev } = await reader.read();
      if (done) return;
      if (api !== "anthropic-messages" && ev.data === "[DONE]") { state.terminated = true; return; }
      let data;
      try { data = JSON.parse(ev.data); } catch { continue; }
      if (api === "anthropic-messages") {
        const type = data?.type ?? ev.event;
        if (type === "ping") continue;
        if (type === "error" || ev.event === "error") throw new ProviderError("api", errorText(ev.data, "error event"));
        yield data;
        if (type === "message_stop") { state.terminated = true; return; }
      } else {
        if ((data && typeof data === "object" && data.error && !data.choices) || ev.event === "error")
          throw new ProviderError("api", errorText(ev.data, "error event"));
        yield data;
      }
    }
  } finally {
    // Stop reading and close the connection: at the terminator, on cancel, on error.
    reader.cancel().catch(() => {});
  }
}

main({ hello, kindOf }, async (env) => {
  const controller = new AbortController();
  const headers = { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${env.apiKey}` };
  if (env.api === "anthropic-messages") headers["anthropic-version"] = "2023-06-01";
  const res = await idleFetch({ timeoutMs: env.timeoutMs })(`${env.baseUrl}${PATHS[env.api]}`, {
    method: "POST", headers, body: env.requestText, signal: controller.signal,
  });
  if (!res.ok) {
    const text = await res.text().catch((e) => describe(e));
    throw new ProviderError("http", errorText(text, res.statusText || `HTTP ${res.status}`), res.status);
  }
  if ((res.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    const text = await res.text().catch((e) => describe(e));
    throw new ProviderError("api", errorText(text, "200 with an application/json body instead of a stream"));
  }
  if (env.cancelAfter === 0) { controller.abort(); return "cancelled"; }
  const state = { terminated: false };
  const reason = await consume(events(res, env.api, state), { cancelAfter: env.cancelAfter });
  controller.abort(); // nothing more is read either way
  return reason === "cancelled" ? "cancelled" : state.terminated ? "done" : "eof";
});
