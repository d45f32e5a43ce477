// openai-sdk: the official `openai` npm package (pinned in package.json), bundled for the browser by
// esbuild into dist/openai.bundle.mjs (npm ci && npm run build; the driver builds it when missing).
// The SDK's own parser and error classes are what is scored. Browser contract: docs/browser-contract.md.
import OpenAI, { APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from "./dist/openai.bundle.mjs";

function kindOf(e) {
  if (e instanceof APIConnectionTimeoutError) return { kind: "timeout" };
  if (e instanceof APIUserAbortError) return { kind: "abort" };
  if (e instanceof APIConnectionError) return { kind: "network" };
  if (e instanceof APIError) return e.status ? { kind: "http", status: e.status } : { kind: "api" };
  if (e instanceof SyntaxError) return { kind: "parse" };
  if (e instanceof TypeError) return { kind: "network" }; // fetch's body read failing: "network error"
  if (e?.name === "AbortError") return { kind: "abort" };
  return { kind: "other" };
}

export default async function run(ctx) {
  if (ctx.api !== "openai-chat" && ctx.api !== "openai-completions") {
    ctx.emit({ type: "error", kind: "other", message: `openai-sdk does not speak ${ctx.api}` });
    return;
  }
  const client = new OpenAI({
    baseURL: ctx.baseUrl,
    apiKey: ctx.apiKey,
    dangerouslyAllowBrowser: true,
    maxRetries: ctx.maxRetries ?? 0,
    // The SDK's timeout covers the request until its headers, not the idle gap between reads.
    ...(ctx.timeoutMs ? { timeout: ctx.timeoutMs } : {}),
  });
  const controller = new AbortController();
  ctx.signal.addEventListener("abort", () => controller.abort(), { once: true });
  const body = JSON.parse(ctx.request);
  let chunks = 0;
  try {
    const stream = ctx.api === "openai-completions"
      ? await client.completions.create(body, { signal: controller.signal })
      : await client.chat.completions.create(body, { signal: controller.signal });
    for await (const chunk of stream) {
      ctx.emit({ type: "chunk", data: chunk });
      if (ctx.cancelAfter && ++chunks >= ctx.cancelAfter) {
        controller.abort();
        ctx.emit({ type: "end", reason: "cancelled" });
        return;
      }
    }
    // The SDK ends its iterator at [DONE] or at the end of the body; it does not say which.
    ctx.emit({ type: "end", reason: "done" });
  } catch (e) {
    const { kind, status } = kindOf(e);
    ctx.emit(status ? { type: "error", kind, status, message: String(e?.message ?? e) } : { type: "error", kind, message: String(e?.message ?? e) });
  }
}
