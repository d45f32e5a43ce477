// Unit tests for the careful SSE parser (clients/node-careful/sse.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { SseDecoder, SseLineParser, interpretCareful } from "../node-careful/sse.mjs";

const enc = new TextEncoder();
const bytes = (s) => enc.encode(s);

/** Feed byte splits to a decoder and return all events including end(). */
function run(parts, options) {
  const d = new SseDecoder(options);
  const evs = [];
  for (const p of parts) evs.push(...d.push(typeof p === "string" ? bytes(p) : p));
  evs.push(...d.end());
  return evs;
}

/** Split a byte array at every possible position into two reads. */
function allSplits(s, check) {
  const b = bytes(s);
  for (let i = 0; i <= b.length; i++) check(run([b.slice(0, i), b.slice(i)]), i);
}

test("CR/LF split across reads is one line ending", () => {
  const evs = run(["data: a\r", "\ndata: b\r", "\n\r", "\n"]);
  assert.deepEqual(evs.map((e) => e.data), ["a\nb"]);
});

test("CR, LF and CRLF all end lines", () => {
  assert.deepEqual(run(["data: a\r\rdata: b\n\ndata: c\r\n\r\n"]).map((e) => e.data), ["a", "b", "c"]);
});

test("a lone CR followed in the next read by a non-LF starts a new line", () => {
  assert.deepEqual(run(["data: a\r", "data: b\r\r"]).map((e) => e.data), ["a\nb"]);
});

test("every two-read split of a CRLF stream yields the same events", () => {
  const s = 'data: {"x":1}\r\n\r\ndata: {"x":2}\r\n\r\n';
  allSplits(s, (evs, i) => assert.deepEqual(evs.map((e) => e.data), ['{"x":1}', '{"x":2}'], `split at ${i}`));
});

test("BOM split across reads is skipped once", () => {
  const b = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes("data: x\n\n")]);
  for (let i = 0; i <= 3; i++) {
    assert.deepEqual(run([b.slice(0, i), b.slice(i)]).map((e) => e.data), ["x"], `split at ${i}`);
  }
  // only one BOM is skipped: a second one is part of the field name, so the line is an unknown field
  assert.deepEqual(run([new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, ...bytes("data: x\n\n")])]), []);
});

test("UTF-8 split inside a character decodes correctly", () => {
  allSplits('data: {"c":"é😀"}\n\n', (evs, i) => assert.equal(JSON.parse(evs[0].data).c, "é😀", `split at ${i}`));
});

test("streamDecode:false reproduces the U+FFFD bug", () => {
  const b = bytes('data: {"c":"é"}\n\n');
  const at = b.indexOf(0xc3) + 1;
  const evs = run([b.slice(0, at), b.slice(at)], { streamDecode: false });
  assert.match(JSON.parse(evs[0].data).c, /\uFFFD/);
});

test("comments, unknown fields, no-colon lines, one optional space", () => {
  const evs = run([": heartbeat\nfoo: bar\ndata\ndata:  two\nevent: e\nid: 7\nretry: 10\n\n"]);
  assert.deepEqual(evs, [{ event: "e", data: "\n two", id: "7" }]);
});

test("events with empty data buffer are not dispatched; event type resets", () => {
  const evs = run(["event: ping\n\ndata: x\n\n"]);
  assert.deepEqual(evs, [{ event: "message", data: "x", id: undefined }]);
});

test("trailing unterminated event: flushed by default, discarded when flushTrailing=false", () => {
  assert.deepEqual(run(['data: {"a":1}']).map((e) => e.data), ['{"a":1}']);
  assert.deepEqual(run(['data: {"a":1}\n']).map((e) => e.data), ['{"a":1}']);
  assert.deepEqual(run(['data: {"a":1}'], { flushTrailing: false }), []);
});

test("[DONE] is checked before JSON parsing; non-JSON and empty data are dropped", () => {
  assert.deepEqual(interpretCareful({ event: "message", data: "[DONE]" }), { kind: "done" });
  assert.equal(interpretCareful({ event: "message", data: "keep-alive" }), null);
  assert.equal(interpretCareful({ event: "message", data: "" }), null);
  assert.deepEqual(interpretCareful({ event: "message", data: '{"a":1}' }), { kind: "event", event: "message", value: { a: 1 } });
});

test("SseLineParser works on text one character at a time", () => {
  const p = new SseLineParser();
  const s = "data: a\r\ndata: b\r\n\r\nevent: x\rdata: c\r\r";
  const evs = [];
  for (const ch of s) evs.push(...p.push(ch));
  evs.push(...p.end());
  assert.deepEqual(evs.map((e) => [e.event, e.data]), [["message", "a\nb"], ["x", "c"]]);
});

// The one-bug switches of the known-bad reference clients: each default is the careful behaviour above.

test("crlfAcrossPushes:false counts a CR|LF cut between reads as two line ends", () => {
  assert.deepEqual(run(["data: a\r", "\ndata: b\r\n\r\n"], { crlfAcrossPushes: false }).map((e) => e.data), ["a", "b"]);
  assert.deepEqual(run(["event: x\r", "\ndata: b\r\n\r\n"], { crlfAcrossPushes: false }), [{ event: "message", data: "b", id: undefined }]);
  // before the blank line, inside it, after id: the extra empty line finds no data: nothing changes
  assert.deepEqual(run(["id: 1\r", "\ndata: b\r", "\n\r", "\n"], { crlfAcrossPushes: false }), [{ event: "message", data: "b", id: "1" }]);
});

test("U+2028, U+2029 and U+0085 are content; unicodeLineEnds:true splits on them", () => {
  const s = 'data: {"c":"a\u2028b\u2029c\u0085d"}\n\n';
  assert.deepEqual(run([s]).map((e) => JSON.parse(e.data).c), ["a\u2028b\u2029c\u0085d"]);
  assert.deepEqual(run([s], { unicodeLineEnds: true }).map((e) => e.data), ['{"c":"a']);
});

test("CRLF events then LF events in one read: rescanCr swallows the LF blank lines", () => {
  const s = "data: a\r\n\r\ndata: b\n\ndata: c\n\n";
  assert.deepEqual(run([s]).map((e) => e.data), ["a", "b", "c"]);
  assert.deepEqual(run([s, "data: d\n\n"], { rescanCr: true }).map((e) => e.data), ["a", "b\nc\nd"]);
  // the other order, or uniform endings, or the same events read by read: no CR before an LF blank line in a read
  assert.deepEqual(run(["data: b\n\ndata: a\r\n\r\n"], { rescanCr: true }).map((e) => e.data), ["b", "a"]);
  assert.deepEqual(run(["data: a\r\n\r\n", "data: b\n\n", "data: c\n\n"], { rescanCr: true }).map((e) => e.data), ["a", "b", "c"]);
});

test("LF events then CRLF events in one read: crlfBlankLineFirst joins everything up to the CRLF blank line", () => {
  const s = "data: a\n\ndata: b\n\ndata: c\r\n\r\ndata: d\r\n\r\n";
  assert.deepEqual(run([s]).map((e) => e.data), ["a", "b", "c", "d"]);
  assert.deepEqual(run([s], { crlfBlankLineFirst: true }).map((e) => e.data), ["a\nb\nc", "d"]);
  assert.deepEqual(run(["data: c\r\n\r\ndata: a\n\n"], { crlfBlankLineFirst: true }).map((e) => e.data), ["c", "a"]);
  assert.deepEqual(run(["data: a\rdata: b\r\r", "data: c\r", "\n\r", "\n"], { crlfBlankLineFirst: true }).map((e) => e.data), ["a\nb", "c"]);
});

test("id:, retry: or event: alone: never dispatched; dispatchEmpty dispatches them with data \"\"", () => {
  const s = "id: 7\n\nretry: 10\n\nevent: ping\n\n\n\ndata: x\n\n";
  assert.deepEqual(run([s]).map((e) => e.data), ["x"]);
  assert.deepEqual(run(["retry: 10\n\n\n"], { dispatchEmpty: true }).map((e) => e.data), [""]);
  // after an id: the last event id stays set, so every blank line dispatches (as in openai-python)
  assert.deepEqual(run([s], { dispatchEmpty: true }).map((e) => e.data), ["", "", "", "", "", "x"]);
  // a blank line with nothing before it dispatches nothing
  assert.deepEqual(run(["\n\ndata: x\n\n"], { dispatchEmpty: true }).map((e) => e.data), ["x"]);
});

// ---- Reconnection state (clients/node-careful/reconnect.mjs reads it after each connection) ----

test("the last event ID string is set at every blank line, also one without data", () => {
  const p = new SseLineParser({ flushTrailing: false });
  p.push("id: 1\ndata: a\n\n");
  assert.equal(p.lastEventIdString, "1");
  p.push("id: 2\n\n");
  assert.equal(p.lastEventIdString, "2", "an id alone still sets it");
  p.push("id: 3\ndata: cut\n");
  p.end();
  assert.equal(p.lastEventIdString, "2", "an event cut by EOF never sets it");
});

test("an id with NUL is ignored, an empty id resets, an event without id keeps it", () => {
  const after = (s) => { const p = new SseLineParser({ flushTrailing: false }); p.push(s); return p.lastEventIdString; };
  assert.equal(after("id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n"), "1");
  assert.equal(after("id: 1\ndata: a\n\nid\ndata: b\n\n"), "");
  assert.equal(after("id: 1\ndata: a\n\ndata: b\n\n"), "1");
});

test("a parser seeded with the last event ID gives it to events without id; retry: needs ASCII digits only", () => {
  const p = new SseLineParser({ flushTrailing: false, lastEventId: "4" });
  const evs = p.push("retry: 300\nretry: 20ms\nretry:  40\ndata: a\n\n");
  assert.deepEqual(evs.map((e) => e.id), ["4"]);
  assert.equal(p.retry, 300);
});
