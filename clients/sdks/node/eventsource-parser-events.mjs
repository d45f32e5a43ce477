// eventsource-parser (npm) scored at its own level (docs/adapter-protocol.md, `events`): every event its
// EventSourceParserStream dispatches is reported as dispatched — type, data, id — with no LLM code on top,
// so the harness compares the library with its reference WHATWG parser, clause by clause, and skips the LLM
// layer's rules. The fetch around it is the library README's:
//   response.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream())
// Non-2xx → http error with the status; a Content-Type other than text/event-stream → http error too, as
// EventSource does (WHATWG: "fail the connection"). The body's end ends the run (`eof`): the library knows no [DONE].
import { EventSourceParserStream } from "eventsource-parser/stream";
import { describe, idleFetch, installed, main, out, runtimeKind } from "./lib/common.mjs";

const hello = {
  name: "eventsource-parser-events",
  sdk: installed("eventsource-parser"),
  apis: ["openai-chat", "openai-completions", "anthropic-messages"],
  features: ["idle-timeout", "cancel", "status"],
  observes: "events",
};

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.name = "HttpError";
    this.status = status;
  }
}

const kindOf = (err) => (err instanceof HttpError ? { kind: "http", status: err.status } : runtimeKind(err));

const PATHS = { "openai-chat": "/chat/completions", "openai-completions": "/completions", "anthropic-messages": "/messages" };

main({ hello, kindOf }, async (env) => {
  const controller = new AbortController();
  const headers = { "content-type": "application/json", accept: "text/event-stream", authorization: `Bearer ${env.apiKey}` };
  if (env.api === "anthropic-messages") headers["anthropic-version"] = "2023-06-01";
  const res = await idleFetch({ timeoutMs: env.timeoutMs })(`${env.baseUrl}${PATHS[env.api]}`, {
    method: "POST", headers, body: env.requestText, signal: controller.signal,
  });
  if (!res.ok) throw new HttpError(res.status, (await res.text().catch((e) => describe(e))).trim() || `HTTP ${res.status}`);
  const type = (res.headers.get("content-type") ?? "").toLowerCase();
  if (!type.startsWith("text/event-stream")) {
    controller.abort();
    throw new HttpError(res.status, `Content-Type ${type || "(none)"} is not text/event-stream`);
  }
  if (env.cancelAfter === 0) { controller.abort(); return "cancelled"; }
  const reader = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  let n = 0;
  try {
    for (;;) {
      const { done, value: ev } = await reader.read();
      if (done) return "eof";
      out(ev.id === undefined ? { type: "event", event: ev.event, data: ev.data } : { type: "event", event: ev.event, data: ev.data, id: ev.id });
      if (env.cancelAfter !== undefined && ++n >= env.cancelAfter) return "cancelled";
    }
  } finally {
    reader.cancel().catch(() => {});
    controller.abort();
  }
});
