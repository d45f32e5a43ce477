// Known-bad client: the SSE layer of openai-python (src/openai/_streaming.py) on the careful parser's line rules.
// Its SSEDecoder, at a blank line, returns nothing only when the event, the data, the last event id and the retry
// are all unset, so a block with an event:, id: or retry: field and no data line is dispatched with data "".
// WHATWG returns there: "If the data buffer is an empty string, set the data buffer and the event type buffer to
// the empty string and return." Its Stream then checks the payload for "[DONE]" and hands everything else to
// json.loads, which raises on "": a parse error right at the empty block, mid-stream. (openai-python keeps the
// last event id across events, as the spec does, so after one id: every blank line dispatches; so does this.)
import { carefulParser, main } from "../node-careful/adapter.mjs";

/** openai-python's Stream: a payload starting with [DONE] ends the stream, any other is parsed as JSON. */
function interpretLikeOpenAiPython(ev) {
  if (ev.data.startsWith("[DONE]")) return { kind: "done" };
  try {
    return { kind: "event", event: ev.event, value: JSON.parse(ev.data) };
  } catch (err) {
    return { kind: "parse-error", message: `${err.message} (data: ${JSON.stringify(ev.data)})` };
  }
}

main((options) => carefulParser({ ...options, dispatchEmpty: true, interpret: interpretLikeOpenAiPython }), "node-dispatch-empty");
