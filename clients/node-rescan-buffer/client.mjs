// Known-bad client: the line scan of the `eventsource` package up to 2.0.2 (EventSource/eventsource#326,
// "Events dropped in streams with mixed CRLF and LF line terminators": "each incoming packet is parsed
// repeatedly from the beginning, rather from the current offset"). It looks for each line's end from the start
// of the read; every CR it passes on the way sets its "discard the LF that follows a CR" flag again. So once a
// read has had a CR, the LF right after an LF-ended line (the blank line that ends the event) is swallowed as if
// it were the second half of a CRLF. Effect's SSE parser shipped the same bug (Effect-TS/effect#7670: "The
// scanner revisits consumed characters within the feed and re-arms CRLF newline suppression").
//
// With uniform line endings it is invisible. When LF events follow CRLF events in one read, they are not
// dispatched: their data runs into the next event's, and the joined payload is not JSON (dropped silently, 001).
// Everything else is the careful client's.
import { carefulParser, main } from "../node-careful/adapter.mjs";

main((options) => carefulParser({ ...options, rescanCr: true }), "node-rescan-buffer");
