// fetch-naive: the Conduit guide's loop (seed 002_80a94d9a868d568f.txt), kept exactly as naive as it
// is there: decode each read, split it on "\n", JSON.parse every "data: " line. A line cut across two
// reads reaches JSON.parse half-made, CR-only line endings are never split. It is meant to fail the
// split rules; do not "fix" it. Browser contract: docs/browser-contract.md.
export default async function run(ctx) {
  const controller = new AbortController();
  ctx.signal.addEventListener("abort", () => controller.abort(), { once: true });
  let response;
  try {
    response = await fetch(`${ctx.baseUrl}/${ctx.endpoint}`, {
      method: "POST",
      headers: { "Authorization": `Bearer ${ctx.apiKey}`, "Content-Type": "application/json" },
      body: ctx.request,
      signal: controller.signal,
    });
  } catch (e) {
    ctx.emit({ type: "error", kind: "network", message: String(e) });
    return;
  }
  // (002 never checks response.ok either.)
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let sawDone = false;
  let chunks = 0;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = decoder.decode(value, { stream: true });
      for (const line of chunk.split("\n")) {
        if (!line.startsWith("data: ")) continue;
        const payload = line.slice(6);
        if (payload === "[DONE]") { sawDone = true; break; } // 002's break leaves only the inner loop
        let parsed;
        try {
          parsed = JSON.parse(payload);
        } catch (e) {
          // What an app around this loop does with the exception; it puts the failure in the report's console log.
          console.error("fetch-naive: JSON.parse failed on a data line:", JSON.stringify(payload), String(e));
          ctx.emit({ type: "error", kind: "parse", message: String(e) });
          return;
        }
        ctx.emit({ type: "chunk", data: parsed });
        if (ctx.cancelAfter && ++chunks >= ctx.cancelAfter) {
          controller.abort();
          ctx.emit({ type: "end", reason: "cancelled" });
          return;
        }
      }
    }
  } catch (e) {
    ctx.emit({ type: "error", kind: "network", message: String(e) });
    return;
  }
  ctx.emit({ type: "end", reason: sawDone ? "done" : "eof" });
}
