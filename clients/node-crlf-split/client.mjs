// Known-bad client: a careful WHATWG parser but for one thing. When a read ends with a CR it ends the line
// (right), and then forgets it did: the LF that starts the next read is taken as a second line end, an empty
// line, which dispatches the event early (the bug of rexxars/eventsource-parser#17, "CRLF spanning chunks
// produces two event when one is expected"). WHATWG: "a U+000D CARRIAGE RETURN U+000A LINE FEED (CRLF)
// character pair" is one line end, wherever the reads fall.
//
// Where it shows: a CR|LF cut after a line that is not the last of its event. After a data: line followed by
// more data: lines, half the event is dispatched; after an event: line, the data that follows is dispatched
// without its type. Elsewhere (before the blank line, inside the blank line, after id: or retry:) the extra
// empty line finds an empty data buffer and dispatches nothing.
//
// So that a lost event type shows, it consumes Anthropic streams the way @anthropic-ai/sdk's Stream does: by the
// SSE event name (message_start, content_block_delta, … are parsed and yielded, ping skipped, error raised, any
// other name passed over), not by the "type" inside the data. On a stream whose events all keep their event:
// line, that is the same as the careful client's routing.
import { carefulParser, main } from "../node-careful/adapter.mjs";

main((options) => carefulParser({ ...options, crlfAcrossPushes: false }), "node-crlf-split", { anthropicByEventName: true });
