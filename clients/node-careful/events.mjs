// The careful client at the SSE-event level (docs/adapter-protocol.md, `events`): the same WHATWG parser
// (sse.mjs) and adapter core, reporting every event exactly as the parser dispatches it — type, data, last
// event id — with no LLM interpretation. It is how a parser library is scored: the harness compares the
// events with its own reference parser's dispatch, and skips the LLM layer's rules.
import { eventsParser, main } from "./adapter.mjs";

main(eventsParser, "node-careful-events", { observes: "events" });
