// Known-bad client: "the classic SSE bug" from seed 003 (BuildBot/Quorum lesson):
//   "Parsing every data: payload as JSON without checking for the sentinel first is the classic SSE bug —
//    it throws right at the end of an otherwise perfect stream."
//
// Bug: the careful parser (buffering, WHATWG line rules, streaming UTF-8), but each event's data goes through
// JSON.parse BEFORE the [DONE] check, so `data: [DONE]` (and any other non-JSON data) throws → error kind "parse".
import { main } from "../node-careful/adapter.mjs";
import { SseDecoder } from "../node-careful/sse.mjs";

function jsonBeforeDoneParser({ flushTrailing }) {
  const sse = new SseDecoder({ flushTrailing });
  const map = (events) => {
    const items = [];
    for (const ev of events) {
      if (ev.data === "") continue;
      let value;
      try {
        value = JSON.parse(ev.data); // the bug: parse first …
      } catch (err) {
        items.push({ kind: "parse-error", message: `${err.message} (data: ${JSON.stringify(ev.data)})` });
        return items;
      }
      if (ev.data === "[DONE]") { items.push({ kind: "done" }); return items; } // … check the sentinel second (unreachable)
      items.push({ kind: "event", event: ev.event, value });
    }
    return items;
  };
  return { feed: (bytes) => map(sse.push(bytes)), end: () => map(sse.end()) };
}

main(jsonBeforeDoneParser, "node-json-before-done");
