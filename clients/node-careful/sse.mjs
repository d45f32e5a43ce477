// A small, reusable server-sent-events parser following the WHATWG HTML
// "event stream interpretation" algorithm (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation),
// with the Bastion extension that a trailing event without a terminator is flushed at end of stream
// (001: "A trailing event without a terminator is flushed at end-of-stream").
//
// Two layers:
//   SseLineParser  — text in (any split), events out. Handles CR, LF and CRLF line endings, including a
//                    CR at the end of one push followed by LF at the start of the next (one line ending).
//   SseDecoder     — bytes in. Streaming UTF-8 decoding (000: "Use a streaming TextDecoder ({ stream: true })")
//                    and one leading BOM skipped, then SseLineParser.

/** @typedef {{ event: string, data: string, id: string | undefined }} SseEvent */

export class SseLineParser {
  /**
   * @param {{ flushTrailing?: boolean, crlfAcrossPushes?: boolean, unicodeLineEnds?: boolean, rescanCr?: boolean,
   *   crlfBlankLineFirst?: boolean, dispatchEmpty?: boolean }} [options]
   *   flushTrailing: dispatch an unterminated final event at end().
   *   The other options each reproduce ONE bug a real parser shipped, for the known-bad reference clients (all
   *   default to the careful behaviour):
   *   crlfAcrossPushes=false — forget, between pushes, that a CR just ended a line, so the LF that starts the next
   *     push ends a second (empty) line and dispatches early (eventsource-parser#17).
   *   unicodeLineEnds — also end lines at U+0085, U+2028, U+2029 (and VT, FF, U+001C–U+001E), as Python's
   *     str.splitlines() and httpx's line decoder do (httpx-sse#34).
   *   rescanCr — the eventsource@2.0.2 rescan: each line is searched for from the start of the read, so a CR
   *     anywhere earlier in the read re-arms "skip the LF after a CR" and the LF of a blank line that follows an
   *     LF-ended line is swallowed (EventSource/eventsource#326).
   *   crlfBlankLineFirst — events are split by searching the read for "\r\n\r\n" before any other blank line,
   *     so an earlier LF LF blank line is not an event end when a CRLF CRLF comes later in the same read
   *     (001 asks for "whichever appears first in the buffer").
   *   dispatchEmpty — a block with an event, id or retry field and no data line is dispatched with data "", on
   *     openai-python's SSEDecoder condition (no WHATWG "If the data buffer is an empty string … return" step).
   *   lastEventId: the last event ID buffer to start with (a reconnecting client carries its last event ID into the
   *     new connection, as Chromium does).
   */
  constructor(options = {}) {
    this.flushTrailing = options.flushTrailing ?? true;
    this.crlfAcrossPushes = options.crlfAcrossPushes ?? true;
    this.unicodeLineEnds = options.unicodeLineEnds ?? false;
    this.rescanCr = options.rescanCr ?? false;
    this.crlfBlankLineFirst = options.crlfBlankLineFirst ?? false;
    this.dispatchEmpty = options.dispatchEmpty ?? false;
    this.partial = "";        // text of the current, not yet terminated line
    this.skipLeadingLF = false; // previous push ended with CR: a LF at the start of the next one is the same line ending
    this.merging = false;     // crlfBlankLineFirst: inside an event found by the "\r\n\r\n" search, blank lines do not dispatch
    this.data = [];
    this.eventType = "";
    this.lastEventId = options.lastEventId; // the last event ID buffer
    // The last event ID string: the buffer at the last blank line, undefined before any (WHATWG "dispatch the event",
    // step 1, which runs before the empty-data check: an `id:` alone still sets it; an event cut by EOF never does).
    this.lastEventIdString = undefined;
    this.retry = undefined; // set when the field is processed, complete event or not
    this.retryInBlock = false;
  }

  /** @param {string} text @returns {SseEvent[]} */
  push(text) {
    const out = [];
    if (this.crlfBlankLineFirst) {
      // The bug: `indexOf("\r\n\r\n")` first. Everything before it in this read is one event, even if an LF LF
      // blank line came earlier; its inner blank lines are not event ends (the careful rule: the first blank line).
      let k;
      while ((k = text.indexOf("\r\n\r\n")) !== -1) {
        this.merging = true;
        this.#pushLines(text.slice(0, k + 2), out);
        this.merging = false;
        this.#dispatch(out);
        text = text.slice(k + 4);
      }
    }
    this.#pushLines(text, out);
    return out;
  }

  #pushLines(text, out) {
    let i = 0;
    if (this.skipLeadingLF && text.length > 0) {
      if (text[0] === "\n") i = 1;
      this.skipLeadingLF = false;
    }
    let start = i;
    let crSeen = false; // rescanCr: a CR earlier in this read
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 13 && c !== 10 && !(this.unicodeLineEnds && isUnicodeLineEnd(c))) continue;
      const line = this.partial + text.slice(start, i);
      this.partial = "";
      if (c === 13) {
        crSeen = true;
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else {
          this.skipLeadingLF = this.crlfAcrossPushes; // CR was the last char of this push
        }
      } else if (c === 10 && this.rescanCr && crSeen) {
        // eventsource@2.0.2 searches each line from the start of the read: the earlier CR sets
        // discardTrailingNewline again, so the LF right after this LF-ended line (a blank line) is swallowed.
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else {
          this.skipLeadingLF = true;
        }
      }
      start = i + 1;
      this.#line(line, out);
    }
    this.partial += text.slice(start);
  }

  /** End of stream. @returns {SseEvent[]} */
  end() {
    const out = [];
    if (!this.flushTrailing) {
      // WHATWG: "Once the end of the file is reached, any pending data must be discarded."
      this.partial = "";
      this.data = [];
      return out;
    }
    if (this.partial.length > 0) {
      const line = this.partial;
      this.partial = "";
      this.#line(line, out);
    }
    // Flush the trailing event only if it has data (openai-python, too, dispatches only at a blank line).
    if (this.data.length > 0) this.#dispatch(out);
    return out;
  }

  #line(line, out) {
    if (line.length === 0) { if (!this.merging) this.#dispatch(out); return; }
    if (line.charCodeAt(0) === 58 /* ':' */) return; // comment
    const colon = line.indexOf(":");
    let field, value;
    if (colon === -1) { field = line; value = ""; }
    else {
      field = line.slice(0, colon);
      value = line.slice(colon + 1);
      if (value.charCodeAt(0) === 32) value = value.slice(1);
    }
    switch (field) {
      case "data": this.data.push(value); break;
      case "event": this.eventType = value; break;
      case "id": if (!value.includes("\0")) this.lastEventId = value; break;
      case "retry": if (/^[0-9]+$/.test(value)) { this.retry = Number(value); this.retryInBlock = true; } break;
      default: break; // unknown fields are ignored
    }
  }

  #dispatch(out) {
    this.lastEventIdString = this.lastEventId ?? "";
    const retryInBlock = this.retryInBlock;
    this.retryInBlock = false;
    // WHATWG: "If the data buffer is an empty string, set the data buffer and the event type buffer to the empty
    // string and return." dispatchEmpty dispatches anyway when openai-python's SSEDecoder would: unless the event
    // type, the data, the last event id and this block's retry are all unset (its last event id is never reset,
    // as the spec says, so after one non-empty id: every blank line dispatches).
    const empty = this.data.length === 0;
    if (empty && !(this.dispatchEmpty && (this.eventType || this.lastEventId || retryInBlock))) { this.eventType = ""; return; }
    out.push({ event: this.eventType || "message", data: this.data.join("\n"), id: this.lastEventId });
    this.data = [];
    this.eventType = "";
  }
}

/** Python's str.splitlines() boundaries beyond CR and LF: VT, FF, FS, GS, RS, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR. */
function isUnicodeLineEnd(c) {
  return c === 0x0b || c === 0x0c || (c >= 0x1c && c <= 0x1e) || c === 0x85 || c === 0x2028 || c === 0x2029;
}

export class SseDecoder {
  /**
   * @param {{ flushTrailing?: boolean, streamDecode?: boolean }} [options]
   *   streamDecode=false reproduces the 000 bug of decoding each read on its own (split characters become U+FFFD).
   */
  constructor(options = {}) {
    this.lines = new SseLineParser(options);
    this.streamDecode = options.streamDecode ?? true;
    // ignoreBOM: true so the BOM reaches us and we strip exactly one leading U+FEFF ourselves. fatal=true
    // reproduces the bug of a strict decoder: one invalid byte throws instead of becoming U+FFFD.
    this.decoder = new TextDecoder("utf-8", { ignoreBOM: true, fatal: options.fatal ?? false });
    this.atStart = true;
  }

  /** @param {Uint8Array} bytes @returns {SseEvent[]} */
  push(bytes) {
    const text = this.streamDecode
      ? this.decoder.decode(bytes, { stream: true })
      : new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    return this.lines.push(this.#bom(text));
  }

  /** @returns {SseEvent[]} */
  end() {
    const tail = this.streamDecode ? this.decoder.decode() : "";
    const out = tail ? this.lines.push(this.#bom(tail)) : [];
    return out.concat(this.lines.end());
  }

  #bom(text) {
    if (!this.atStart || text.length === 0) return text;
    this.atStart = false;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}

/**
 * Careful interpretation of one event's data (001, 003): empty data is not dispatched, `[DONE]` is checked
 * before JSON parsing, non-JSON data is dropped silently.
 * @returns {{kind:"done"} | {kind:"event", event:string, value:any} | null}
 */
export function interpretCareful(ev) {
  if (ev.data === "") return null;
  if (ev.data === "[DONE]") return { kind: "done" };
  try {
    return { kind: "event", event: ev.event, value: JSON.parse(ev.data) };
  } catch {
    return null; // 001: "Non-JSON data: lines (e.g. heartbeats, comments) are dropped silently."
  }
}
