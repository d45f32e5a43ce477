// Known-bad client: seed 001 (Bastion SDK reference) says "Events are split on \n\n or \r\n\r\n (whichever
// appears first in the buffer)". This client does the two searches in a fixed order instead, CRLF first:
//
//   let end = buf.indexOf("\r\n\r\n");   // a CRLF blank line anywhere in the read wins …
//   if (end === -1) …                    // … over an earlier blank line of any other kind
//
// So when LF events and then CRLF events arrive in one read, everything up to the first "\r\n\r\n" is one
// event: the LF events' data lines are joined into one payload that is not JSON, and it is dropped silently
// (001: "Non-JSON data: lines … are dropped silently"). A read without "\r\n\r\n" gets the careful WHATWG line
// rules (CR, LF, CRLF, lines split across reads), so only the search order differs.
import { carefulParser, main } from "../node-careful/adapter.mjs";

main((options) => carefulParser({ ...options, crlfBlankLineFirst: true }), "node-crlf-first");
