// The `openai` npm SDK as both openai.mjs (objects) and openai-text.mjs (text tokens) drive it: one
// client, one request, one stream. The adapters differ only in what they write per chunk.
import OpenAI from "openai";
import { idleFetch, installed, out, stainlessKind } from "./common.mjs";

export const sdk = installed("openai");
export const apis = ["openai-chat", "openai-completions"];
// retries: the SDK's own (maxRetries; 408/409/429/5xx and connection failures, honours Retry-After).
// idle-timeout: lib/common.mjs idleFetch via the `fetch` option, a timer per body read. The SDK's `timeout`
// keeps its default: it is armed before fetch() (client.ts fetchWithTimeout), so it would also count the
// first request's set-up (40-110 ms of a 400 ms budget on this machine), which made verdicts load-dependent.
// cancel: leaving the `for await` aborts the request (Stream's iterator `finally`). status: APIError.status.
export const features = ["retries", "idle-timeout", "cancel", "status"];
export const kindOf = stainlessKind(OpenAI);

/** Sends the case's request through the SDK and returns its Stream (an AsyncIterable of chunks). */
export async function openStream(env) {
  if (!apis.includes(env.api)) throw new Error(`the openai SDK has no client for ${env.api}`);
  const client = new OpenAI({
    baseURL: env.baseUrl,
    apiKey: env.apiKey,
    maxRetries: env.maxRetries, // the SDK's default is 2: always set it
    fetch: idleFetch({ timeoutMs: env.timeoutMs, onAttempt: (attempt) => out({ type: "retry", attempt }) }),
  });
  const params = { ...env.request, stream: true };
  const stream = env.api === "openai-completions"
    ? await client.completions.create(params)
    : await client.chat.completions.create(params);
  // CANCEL_AFTER=0: stop as soon as the response is open, before reading any event.
  if (env.cancelAfter === 0) stream.controller.abort();
  return stream;
}
