// openai (npm) used the way most apps use it: only the text tokens, `chunk.choices[0]?.delta?.content`
// (chat) or `chunk.choices[0]?.text` (completions), empty and missing ones skipped. Same client, retries,
// timeouts and errors as openai.mjs (lib/openai-sdk.mjs); scored on the assembled text only.
import { consume, main } from "./lib/common.mjs";
import { apis, features, kindOf, openStream, sdk } from "./lib/openai-sdk.mjs";

const token = (api) => (chunk) => {
  const choice = chunk?.choices?.[0];
  const text = api === "openai-completions" ? choice?.text : choice?.delta?.content;
  return typeof text === "string" && text !== "" ? text : undefined;
};

main({ hello: { name: "openai-node-text", sdk, apis, features, observes: "text" }, kindOf }, async (env) => {
  const stream = await openStream(env);
  if (env.cancelAfter === 0) return "cancelled";
  return consume(stream, { cancelAfter: env.cancelAfter, map: token(env.api) });
});
