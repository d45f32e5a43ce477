// openai (npm), the Responses API at the object level: every event exactly as
// `for await (const event of await client.responses.create({ ...request, stream: true }))` yields it.
// End reason: the SDK's Stream ends its iterator normally when the body ends (with or without data: [DONE]); a user
// who loops over it cannot tell a completed response from a cut one unless they look for the terminal event, so a
// normal end is reported as `done`, as openai.mjs does. See ../README.md.
import OpenAI from "openai";
import { consume, idleFetch, installed, main, out, stainlessKind } from "./lib/common.mjs";

const sdk = installed("openai");
const features = ["retries", "idle-timeout", "cancel", "status"];

main({ hello: { name: "openai-node-responses", sdk, apis: ["openai-responses"], features, observes: "objects" }, kindOf: stainlessKind(OpenAI) }, async (env) => {
  const client = new OpenAI({
    baseURL: env.baseUrl,
    apiKey: env.apiKey,
    maxRetries: env.maxRetries, // the SDK's default is 2: always set it
    fetch: idleFetch({ timeoutMs: env.timeoutMs, onAttempt: (attempt) => out({ type: "retry", attempt }) }),
  });
  const stream = await client.responses.create({ ...env.request, stream: true });
  if (env.cancelAfter === 0) { stream.controller.abort(); return "cancelled"; }
  return consume(stream, { cancelAfter: env.cancelAfter });
});
