// The `openai` npm SDK as both openai.mjs (objects) and openai-text.mjs (text tokens) drive it: one
// client, one request, one stream. The adapters differ only in what they write per chunk.
import OpenAI from "openai";
import { idleFetch, installed, out, stainlessKind } from "./common.mjs";

export const sdk = installed("openai");
export const apis = ["openai-chat", "openai-completions"];
// retries: the SDK's own (maxRetries; 408/409/429/5xx and connection failures, honours Retry-After).
// idle-timeout: the SDK's `timeout` until the headers, then lib/common.mjs idleFetch via the `fetch` option.
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
    ...(env.timeoutMs !== undefined ? { timeout: env.timeoutMs } : {}),
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
