// eventsource-events: the browser's native EventSource at the SSE-event level (docs/adapter-protocol.md, `events`),
// on the GET form of the scenario URL: every event it dispatches is reported as it dispatched it — type, data,
// lastEventId — with no JSON or LLM interpretation. In a case with ctx.reconnects = N it lets EventSource reconnect
// by itself (its own reconnection time, Last-Event-ID, 204 and Content-Type handling) and closes it once N
// reconnections are spent; without, it closes at the first end, as `eventsource` does.
// EventSource delivers a named event only to a listener for that name, so the module listens for "message", the
// Anthropic event names and the others the catalogue uses; an event of another type is not seen.
// Browser contract: docs/browser-contract.md.
const NAMED = ["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop", "ping", "field"];

export default function run(ctx) {
  return new Promise((resolve) => {
    const source = new EventSource(`${ctx.baseUrl}/${ctx.endpoint}`);
    const budget = ctx.reconnects ?? 0;
    let reconnections = 0;
    let opened = false;
    let finished = false;
    let events = 0;
    let idle;
    const finish = (observation) => {
      if (finished) return;
      finished = true;
      clearTimeout(idle);
      source.close();
      ctx.emit(observation);
      resolve();
    };
    const arm = () => {
      if (!ctx.timeoutMs) return;
      clearTimeout(idle);
      idle = setTimeout(() => finish({ type: "error", kind: "timeout", message: `no event for ${ctx.timeoutMs} ms` }), ctx.timeoutMs);
    };
    const onEvent = (event) => {
      if (finished) return;
      arm();
      ctx.emit({ type: "event", event: event.type, data: event.data, id: event.lastEventId });
      if (ctx.cancelAfter && ++events >= ctx.cancelAfter) finish({ type: "end", reason: "cancelled" });
    };
    source.onopen = () => { opened = true; arm(); };
    source.onmessage = onEvent;
    for (const name of NAMED) source.addEventListener(name, onEvent);
    source.onerror = (event) => {
      // An SSE "event: error" is a MessageEvent named error, an event like any other at this level.
      if (event instanceof MessageEvent) return onEvent(event);
      if (source.readyState === EventSource.CLOSED) {
        // EventSource failed the connection (a status other than 200, a Content-Type other than text/event-stream):
        // "it does not attempt to reconnect". After a stream was open, that is the server telling it to stop.
        return finish(opened ? { type: "end", reason: "eof" } : { type: "error", kind: "network", message: "EventSource could not open the stream" });
      }
      // CONNECTING: the stream ended or dropped and EventSource is about to reconnect by itself.
      if (reconnections < budget) {
        reconnections++;
        ctx.emit({ type: "retry", attempt: reconnections + 1 });
        return;
      }
      if (!opened) return finish({ type: "error", kind: "network", message: "EventSource could not open the stream" });
      finish({ type: "end", reason: "eof" });
    };
    arm();
    ctx.signal.addEventListener("abort", () => finish({ type: "error", kind: "abort", message: "aborted by the harness" }), { once: true });
  });
}
