// What every SDK adapter here shares: the contract's environment, JSON Lines out, the hello handshake,
// the fetch hook (retry observations + an idle timeout), error-kind mapping and drain-before-exit.
// The contract: docs/adapter-protocol.md. Nothing here parses SSE: that is the library under test's job.

import { readFileSync } from "node:fs";

export const APIS = ["openai-chat", "openai-completions", "anthropic-messages"];

function intEnv(name) {
  const v = process.env[name];
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : undefined;
}

/** The per-case variables (read lazily: the hello run has none of them). */
export function caseEnv() {
  const e = process.env;
  return {
    api: e.CONFORMANCE_API ?? "openai-chat",
    baseUrl: e.CONFORMANCE_BASE_URL ?? "",
    apiKey: e.CONFORMANCE_API_KEY ?? "",
    requestText: e.CONFORMANCE_REQUEST ?? "{}",
    request: JSON.parse(e.CONFORMANCE_REQUEST ?? "{}"),
    cancelAfter: intEnv("CONFORMANCE_CANCEL_AFTER"),
    timeoutMs: intEnv("CONFORMANCE_TIMEOUT_MS"),
    // Absent means: do not retry. Both Stainless SDKs retry 2x by default, so this is always passed.
    maxRetries: intEnv("CONFORMANCE_MAX_RETRIES") ?? 0,
  };
}

export const out = (o) => process.stdout.write(stringify(o) + "\n");

/**
 * JSON.stringify, except that a value nested too deeply for it (JSON.stringify recurses and throws RangeError
 * "Maximum call stack size exceeded" at ~10,000 levels, while the SDKs' JSON.parse yields such a chunk fine) is
 * written by an explicit-stack serializer with the same output, so the adapter reports what the SDK yielded
 * instead of failing on its own output (limits.json.deeply-nested-unknown-field).
 */
export function stringify(value) {
  try {
    return JSON.stringify(value);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return stringifyIteratively(value);
  }
}

export function stringifyIteratively(root) {
  const parts = [];
  // Each frame: a value to write, or a closing bracket / separator string to emit as is.
  const stack = [{ value: root }];
  while (stack.length) {
    const frame = stack.pop();
    if (typeof frame === "string") { parts.push(frame); continue; }
    const v = frame.value;
    if (v === null || typeof v !== "object") { parts.push(JSON.stringify(v) ?? "null"); continue; }
    if (typeof v.toJSON === "function") { stack.push({ value: v.toJSON() }); continue; }
    const isArray = Array.isArray(v);
    const entries = isArray
      ? v.map((x) => [null, x === undefined || typeof x === "function" || typeof x === "symbol" ? null : x])
      : Object.keys(v).filter((k) => v[k] !== undefined && typeof v[k] !== "function" && typeof v[k] !== "symbol").map((k) => [k, v[k]]);
    parts.push(isArray ? "[" : "{");
    stack.push(isArray ? "]" : "}");
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      stack.push({ value: child });
      if (key !== null) stack.push(JSON.stringify(key) + ":");
      if (i > 0) stack.push(",");
    }
  }
  return parts.join("");
}

/** "name@version" of a package as installed next to this adapter (read at run time, not hard-coded). */
export function installed(pkg) {
  const json = JSON.parse(readFileSync(new URL(`../node_modules/${pkg}/package.json`, import.meta.url), "utf8"));
  return `${json.name}@${json.version}`;
}

/** Raised by {@link idleFetch} when no bytes arrived for the idle timeout. Not an SDK class: the adapter's own. */
export class IdleTimeoutError extends Error {
  constructor(ms) {
    super(`no bytes for ${ms} ms`);
    this.name = "IdleTimeoutError";
  }
}

/**
 * A `fetch` for the SDKs' documented `fetch` option (and for plain fetch code). It adds two things a
 * user would add, and nothing to parsing:
 * - `onAttempt(n)` before attempt n ≥ 2 is sent, so the SDK's own retries are visible as `retry` lines;
 * - an idle timeout: while the body is being read, a read that brings no bytes for `timeoutMs` errors
 *   the body with {@link IdleTimeoutError} and aborts the request (closing the connection). The SDKs'
 *   own `timeout` stops at the response headers, so without this they cannot give up mid-stream. The
 *   timer runs only while a read is pending: the wait for the headers is not timed (no scenario delays
 *   them, and timing it would count the adapter's own connection set-up and start-up on a loaded machine).
 */
export function idleFetch({ timeoutMs, onAttempt }) {
  // The fetch of the moment it is made: an adapter whose SDK calls the global fetch installs this one there.
  const fetch = globalThis.fetch;
  let attempts = 0;
  return async (url, init = {}) => {
    attempts++;
    if (attempts > 1) onAttempt?.(attempts);
    if (timeoutMs === undefined) return fetch(url, init);
    const own = new AbortController();
    const signal = init.signal ? AbortSignal.any([init.signal, own.signal]) : own.signal;
    const res = await fetch(url, { ...init, signal });
    if (!res.ok || !res.body) return res;
    const reader = res.body.getReader();
    const body = new ReadableStream({
      async pull(controller) {
        let timer;
        const expired = new Promise((_, reject) => {
          timer = setTimeout(() => reject(new IdleTimeoutError(timeoutMs)), timeoutMs);
        });
        try {
          const r = await Promise.race([reader.read(), expired]);
          if (r.done) controller.close();
          else controller.enqueue(r.value);
        } catch (err) {
          if (err instanceof IdleTimeoutError) own.abort(err);
          controller.error(err);
        } finally {
          clearTimeout(timer);
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    }, { highWaterMark: 0 });
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/** "Class: message <- Cause: message": the exception class name first, as the contract's `message`. */
export function describe(err) {
  const parts = [];
  for (let e = err, i = 0; e && i < 4; e = e.cause, i++) {
    const cls = e?.constructor?.name && e.constructor.name !== "Object" ? e.constructor.name : e?.name ?? typeof e;
    const code = e?.code ? ` (${e.code})` : "";
    parts.push(`${cls}${code}: ${e?.message ?? String(e)}`);
  }
  return parts.join(" <- ");
}

/** The kind of an error that no SDK class claims: the runtime's own (JSON.parse, undici, aborts). */
export function runtimeKind(err) {
  if (err instanceof IdleTimeoutError) return { kind: "timeout" };
  if (err instanceof SyntaxError) return { kind: "parse" };
  if (err?.name === "AbortError") return { kind: "abort" };
  // undici: a body cut short is `TypeError: terminated` (cause: SocketError "other side closed" or
  // ECONNRESET); a refused connection is `TypeError: fetch failed`.
  if (err instanceof TypeError && (err.cause || /terminated|fetch failed|network/i.test(err.message))) return { kind: "network" };
  return { kind: "other" };
}

/**
 * Error kinds for a Stainless-generated SDK (openai, @anthropic-ai/sdk share the class hierarchy):
 * APIConnectionTimeoutError ⊂ APIConnectionError ⊂ APIError, APIUserAbortError ⊂ APIError.
 * An APIError with a status came from a non-2xx response; one without came from the stream itself.
 */
export function stainlessKind(sdk) {
  return (err) => {
    if (err instanceof sdk.APIConnectionTimeoutError) return { kind: "timeout" };
    if (err instanceof sdk.APIUserAbortError) return { kind: "abort" };
    if (err instanceof sdk.APIConnectionError) return { kind: "network" };
    if (err instanceof sdk.APIError) return typeof err.status === "number" ? { kind: "http", status: err.status } : { kind: "api" };
    return runtimeKind(err);
  };
}

/**
 * Iterates what the library yields and writes one `chunk` per item (`map` may turn an item into the
 * chunk's data, or `undefined` to skip it). Returns "cancelled" after CONFORMANCE_CANCEL_AFTER chunks:
 * leaving the `for await` calls the iterator's `return()`, which is how a user stops an SDK stream
 * (both Stainless SDKs abort the request in their iterator's `finally`). Otherwise returns "done".
 */
export async function consume(iterable, { cancelAfter, map = (x) => x }) {
  let n = 0;
  for await (const item of iterable) {
    const data = map(item);
    if (data === undefined) continue;
    out({ type: "chunk", data });
    if (cancelAfter !== undefined && ++n >= cancelAfter) return "cancelled";
  }
  return "done";
}

/**
 * The adapter's entry point. With CONFORMANCE_HELLO=1 prints the hello line; otherwise runs `body`
 * (which returns the end reason) and reports its end, or the error it raised mapped by `kindOf`.
 * Exits 0 once stdout has drained (process.exit right away would drop queued output); a bug in the
 * adapter itself exits 1 with the stack on stderr (the contract's ADAPTER-ERROR).
 */
export function main({ hello, kindOf = runtimeKind }, body) {
  const run = async () => {
    if (process.env.CONFORMANCE_HELLO === "1") {
      out({ type: "hello", ...hello });
      return;
    }
    let reason;
    try {
      reason = await body(caseEnv());
    } catch (err) {
      const { kind, status } = kindOf(err);
      out(status === undefined ? { type: "error", kind, message: describe(err) } : { type: "error", kind, status, message: describe(err) });
      return;
    }
    out({ type: "end", reason });
    // A cancelling case: stay alive CONFORMANCE_LINGER_MS, so the harness sees whether leaving the loop
    // closed the connection (a process exit would close it anyway).
    const linger = Number(process.env.CONFORMANCE_LINGER_MS ?? 0);
    if (reason === "cancelled" && linger > 0) await new Promise((r) => setTimeout(r, linger));
  };
  run().then(
    () => process.stdout.write("", () => process.exit(0)),
    (err) => {
      process.stderr.write(`adapter fault: ${err?.stack ?? err}\n`);
      process.stdout.write("", () => process.exit(1));
    },
  );
}
