// openai (npm), object level: every chunk exactly as `for await (const chunk of stream)` yields it.
// End reason: the SDK's Stream ends its iterator normally both at `data: [DONE]` and when the body ends
// without it (it then keeps reading after [DONE] until the body closes, ignoring what follows); a user
// cannot tell the two apart, so a normal end is reported as `done`. See ../README.md.
import { consume, main } from "./lib/common.mjs";
import { apis, features, kindOf, openStream, sdk } from "./lib/openai-sdk.mjs";

main({ hello: { name: "openai-node", sdk, apis, features, observes: "objects" }, kindOf }, async (env) => {
  const stream = await openStream(env);
  if (env.cancelAfter === 0) return "cancelled";
  return consume(stream, { cancelAfter: env.cancelAfter });
});
