// @google/genai, object level: `ai.models.generateContentStream({ model, contents })` with
// `httpOptions.baseUrl` pointed at the mock, every GenerateContentResponse exactly as
// `for await (const chunk of stream)` yields it. The SDK asks for `?alt=sse`, reads until the body ends
// (there is no terminator), raises a chunk that is a bare {"error": …} as an ApiError, and has no retries
// of its own in 1.30.0. A normal end of its iterator is reported as `done` (the SDK tells a finished answer
// from a cut one only through the last chunk's finishReason, which the user must look at). Each chunk is
// written without `sdkHttpResponse`, the response headers the SDK attaches to every chunk (not wire data).
import { GoogleGenAI, ApiError } from "@google/genai";
import { consume, idleFetch, installed, main, out, runtimeKind } from "./lib/common.mjs";

const hello = {
  name: "google-genai-node",
  sdk: installed("@google/genai"),
  apis: ["gemini-generate"],
  // No retries: 1.30.0 sends each request once. idle-timeout through idleFetch (the SDK calls the global
  // fetch, so the adapter installs it there), cancel by leaving the loop, status from ApiError.status.
  features: ["idle-timeout", "cancel", "status"],
  observes: "objects",
};

let yielded = 0;
const kindOf = (err) => {
  // ApiError: a non-2xx response (before any chunk) or an error chunk inside the 200 stream (after one).
  if (err instanceof ApiError) return yielded === 0 && !err.message.startsWith("got status:") ? { kind: "http", status: err.status } : { kind: "api", status: err.status };
  return runtimeKind(err);
};

main({ hello, kindOf }, async (env) => {
  if (env.api !== "gemini-generate") throw new Error(`@google/genai has no client for ${env.api}`);
  globalThis.fetch = idleFetch({ timeoutMs: env.timeoutMs, onAttempt: (attempt) => out({ type: "retry", attempt }) });
  const ai = new GoogleGenAI({
    apiKey: env.apiKey,
    // The SDK appends /v1beta/models/{model}:streamGenerateContent?alt=sse itself.
    httpOptions: { baseUrl: env.baseUrl.replace(/\/v1beta$/, "") },
  });
  const stream = await ai.models.generateContentStream({ model: "gemini-2.5-flash", contents: env.request.contents });
  if (env.cancelAfter === 0) {
    await stream.return?.();
    return "cancelled";
  }
  return consume(stream, {
    cancelAfter: env.cancelAfter,
    map: (chunk) => {
      yielded++;
      const { sdkHttpResponse, ...data } = JSON.parse(JSON.stringify(chunk));
      return data;
    },
  });
});
