// Known-bad client: the naive loop from seed 002 (Conduit streaming guide), copied faithfully:
//
//   const chunk = decoder.decode(value, { stream: true });
//   for (const line of chunk.split("\n")) {
//     if (!line.startsWith("data: ")) continue;
//     const payload = line.slice(6);
//     if (payload === "[DONE]") break;
//     const parsed = JSON.parse(payload);
//
// Bug: each network read is split on "\n" on its own, with NO buffering across reads, so a payload split
// across two reads is lost or throws in JSON.parse (reported as error kind "parse"). Everything else
// (env, retries, timeouts, cancellation, reporting) is the careful client's shared adapter core.
// Faithful detail: `break` only leaves the inner for-loop, so the outer read loop keeps reading after [DONE]
// until the body ends; the run ends with reason "done" if [DONE] was seen, else "eof".
import { main } from "../node-careful/adapter.mjs";

function naiveSplitParser() {
  const decoder = new TextDecoder();
  let sawDone = false;
  return {
    feed(value) {
      const items = [];
      const chunk = decoder.decode(value, { stream: true });
      for (const line of chunk.split("\n")) {
        if (!line.startsWith("data: ")) continue;
        const payload = line.slice(6);
        if (payload === "[DONE]") { sawDone = true; break; }
        let parsed;
        try {
          parsed = JSON.parse(payload);
        } catch (err) {
          items.push({ kind: "parse-error", message: `${err.message} (payload: ${JSON.stringify(payload)})` });
          return items;
        }
        items.push({ kind: "event", event: "message", value: parsed });
      }
      return items;
    },
    end: () => (sawDone ? [{ kind: "done" }] : []),
  };
}

main(naiveSplitParser, "node-naive-split");
