// Known-bad client: a careful WHATWG parser but for one thing. When a read ends with a CR it ends the line
// (right), and then forgets it did: the LF that starts the next read is taken as a second line end, an empty
// line, which dispatches the event early. A CRLF cut between CR and LF inside an event with several data:
// lines splits that event in two (WHATWG: "a U+000D CARRIAGE RETURN U+000A LINE FEED (CRLF) character pair"
// is one line end, wherever the reads fall). With one data: line per event the bug is invisible.
import { carefulParser, main } from "../node-careful/adapter.mjs";

main((options) => carefulParser({ ...options, crlfAcrossPushes: false }), "node-crlf-split");
