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
