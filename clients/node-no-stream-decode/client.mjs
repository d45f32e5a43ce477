// Known-bad client: seed 000 (Bastion streaming guide) without the decoder's streaming flag.
// The guide's sketch does `buf += decoder.decode(value, { stream: true });` and warns:
//   "Use a streaming TextDecoder ({ stream: true }) so multi-byte UTF-8 characters that straddle chunks decode correctly."
// This client does `decoder.decode(value)` — a fresh, flushing decode per read.
//
// Bug: a multi-byte character split across two reads becomes U+FFFD (one or more). Buffering, line rules and
// everything else are the careful client's.
import { main, carefulParser } from "../node-careful/adapter.mjs";

main((options) => carefulParser({ ...options, streamDecode: false }), "node-no-stream-decode");
