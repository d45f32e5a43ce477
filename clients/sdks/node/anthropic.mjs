// @anthropic-ai/sdk, object level: `client.messages.create({ ...request, stream: true })`, every event
// exactly as `for await (const event of stream)` yields it. The SDK skips `ping` and events without an
// `event:` line, raises `event: error` as an APIError, and does not stop at message_stop: it reads until
// the body ends. A normal end of its iterator is reported as `done` (a user sees no difference between
// a stream that ended after message_stop and one cut short cleanly). No `message`: `create` does not
// assemble one (the SDK's assembler is `messages.stream()`, a different surface). See ../README.md.
import Anthropic from "@anthropic-ai/sdk";
import { consume, idleFetch, installed, main, out, stainlessKind } from "./lib/common.mjs";

const hello = {
  name: "anthropic-node",
  sdk: installed("@anthropic-ai/sdk"),
  apis: ["anthropic-messages"],
  // Same reasons as the openai SDK (both are Stainless-generated): own retries, idleFetch (a timer per
  // body read; the SDK's `timeout` keeps its default, see lib/openai-sdk.mjs), cancel by leaving the
  // loop, APIError.status.
  features: ["retries", "idle-timeout", "cancel", "status"],
  observes: "objects",
};

main({ hello, kindOf: stainlessKind(Anthropic) }, async (env) => {
  if (env.api !== "anthropic-messages") throw new Error(`@anthropic-ai/sdk has no client for ${env.api}`);
  const client = new Anthropic({
    baseURL: env.baseUrl.replace(/\/v1$/, ""), // the SDK appends /v1/messages itself
    apiKey: env.apiKey,
    maxRetries: env.maxRetries, // the SDK's default is 2: always set it
    fetch: idleFetch({ timeoutMs: env.timeoutMs, onAttempt: (attempt) => out({ type: "retry", attempt }) }),
  });
  const stream = await client.messages.create({ ...env.request, stream: true });
  if (env.cancelAfter === 0) {
    stream.controller.abort();
    return "cancelled";
  }
  return consume(stream, { cancelAfter: env.cancelAfter });
});
