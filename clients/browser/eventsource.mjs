// eventsource: the browser's native EventSource, on the GET form of the scenario URL. It is the
// reference implementation of the WHATWG event-stream algorithm (scored on the whatwg profile).
// EventSource reconnects after a stream ends unless it is closed, so every ending closes it.
// It cannot see statuses or tell FIN from reset from a clean end: all are an "error" event.
// Browser contract: docs/browser-contract.md.
const NAMED = ["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop", "ping"];

export default function run(ctx) {
  return new Promise((resolve) => {
    const source = new EventSource(`${ctx.baseUrl}/${ctx.endpoint}`);
    let opened = false;
    let finished = false;
    let chunks = 0;
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
    const onMessage = (event) => {
      if (finished) return;
      arm();
      if (event.data === "[DONE]") return finish({ type: "end", reason: "done" });
      let data;
      try { data = JSON.parse(event.data); } catch { return; } // not JSON: dropped
      ctx.emit({ type: "chunk", data });
      if (data && data.type === "message_stop") return finish({ type: "end", reason: "done" });
      if (ctx.cancelAfter && ++chunks >= ctx.cancelAfter) finish({ type: "end", reason: "cancelled" });
    };
    source.onopen = () => { opened = true; arm(); };
    source.onmessage = onMessage;
    for (const name of NAMED) source.addEventListener(name, onMessage);
    source.onerror = (event) => {
      // An SSE "event: error" arrives as a MessageEvent named error; the connection's own error is a plain Event.
      if (event instanceof MessageEvent) {
        let message = event.data;
        try { message = JSON.parse(event.data)?.error?.message ?? message; } catch { /* keep the raw data */ }
        return finish({ type: "error", kind: "api", message: String(message) });
      }
      if (!opened) return finish({ type: "error", kind: "network", message: "EventSource could not open the stream" });
      finish({ type: "end", reason: "eof" });
    };
    arm();
    ctx.signal.addEventListener("abort", () => finish({ type: "error", kind: "abort", message: "aborted by the harness" }), { once: true });
  });
}
