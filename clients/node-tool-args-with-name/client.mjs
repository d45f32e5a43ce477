// Known-bad client: a careful parser, but its tool-call assembler takes only the id and the name from the
// fragment that opens a call and accumulates arguments from the later fragments only. Arguments that arrive in
// the same fragment as the name are dropped: a call sent whole in one delta ends with arguments "", and a
// llama.cpp/vLLM-style first fragment {"name":"…","arguments":"{"} loses its leading brace.
// The bug users met: agentjido/req_llm pull request #801 (merged), "Fix: streaming tool-call arguments dropped
// when the leading brace ships with the tool name" — "Some OpenAI-compatible servers (llama.cpp, vLLM, …) begin
// streaming a tool call's arguments in the same chunk as the function name"; the decoder kept that fragment out
// of "the per-index argument-fragment buffer", so "the tool ends up being called with %{}".
// OpenAI itself sends `"arguments": ""` with the name, which is why the bug hid. Everything else is the careful client.
import { carefulParser, main } from "../node-careful/adapter.mjs";

main(carefulParser, "node-tool-args-with-name", { assembler: { argsWithName: false } });
