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
   * @param {{ flushTrailing?: boolean, crlfAcrossPushes?: boolean }} [options] flushTrailing: dispatch an unterminated
   *   final event at end(); crlfAcrossPushes=false reproduces the bug of forgetting, between pushes, that a CR
   *   just ended a line, so the LF that starts the next push ends a second (empty) line and dispatches early.
   */
  constructor(options = {}) {
    this.flushTrailing = options.flushTrailing ?? true;
    this.crlfAcrossPushes = options.crlfAcrossPushes ?? true;
    this.partial = "";        // text of the current, not yet terminated line
    this.skipLeadingLF = false; // previous push ended with CR: a LF at the start of the next one is the same line ending
    this.data = [];
    this.eventType = "";
    this.lastEventId = undefined;
    this.retry = undefined;
  }

  /** @param {string} text @returns {SseEvent[]} */
  push(text) {
    const out = [];
    let i = 0;
    if (this.skipLeadingLF && text.length > 0) {
      if (text[0] === "\n") i = 1;
      this.skipLeadingLF = false;
    }
    let start = i;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 13 && c !== 10) continue;
      const line = this.partial + text.slice(start, i);
      this.partial = "";
      if (c === 13) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else {
          this.skipLeadingLF = this.crlfAcrossPushes; // CR was the last char of this push
        }
      }
      start = i + 1;
      this.#line(line, out);
    }
    this.partial += text.slice(start);
    return out;
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
    this.#dispatch(out);
    return out;
  }

  #line(line, out) {
    if (line.length === 0) { this.#dispatch(out); return; }
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
      case "retry": if (/^[0-9]+$/.test(value)) this.retry = Number(value); break;
      default: break; // unknown fields are ignored
    }
  }

  #dispatch(out) {
    if (this.data.length === 0) { this.eventType = ""; return; }
    out.push({ event: this.eventType || "message", data: this.data.join("\n"), id: this.lastEventId });
    this.data = [];
    this.eventType = "";
  }
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
