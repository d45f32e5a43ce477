// Known-bad client: a careful WHATWG parser whose line splitter also ends lines at U+2028 LINE SEPARATOR,
// U+2029 PARAGRAPH SEPARATOR and U+0085 NEXT LINE (and VT, FF, U+001C–U+001E): the boundaries of Python's
// str.splitlines(), which httpx's line decoder uses and httpx-sse 0.4.1 inherited (httpx-sse#34: `data:
// {"text":"Hello\u2028World"}` came out as `{"text":"Hello`). JSON allows those characters raw inside strings,
// and a model writes them; WHATWG ends lines only at "a U+000D CARRIAGE RETURN U+000A LINE FEED (CRLF) character
// pair, a single U+000A LINE FEED (LF) character not preceded by a U+000D CARRIAGE RETURN (CR) character, and a
// single U+000D CARRIAGE RETURN (CR) character not followed by a U+000A LINE FEED (LF) character".
//
// Bug: a data: line carrying one is cut there; the payload is broken JSON, which the careful data rule drops
// silently (001), so the event's text is lost. Everything else is the careful client's.
import { carefulParser, main } from "../node-careful/adapter.mjs";

main((options) => carefulParser({ ...options, unicodeLineEnds: true }), "node-unicode-lines");
