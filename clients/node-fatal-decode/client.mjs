// Known-bad client: the careful client with a strict decoder, `new TextDecoder("utf-8", { fatal: true })`
// (as Python's bytes.decode() is by default). One byte that is not valid UTF-8 throws, and the whole stream
// is lost, where the WHATWG algorithm says "Streams must be decoded using the UTF-8 decode algorithm",
// which replaces each invalid sequence with U+FFFD and goes on.
import { carefulParser, main } from "../node-careful/adapter.mjs";

main((options) => carefulParser({ ...options, fatal: true }), "node-fatal-decode");
