// Re-exports the openai npm package so esbuild can bundle it into one browser ES module.
export { default, default as OpenAI, APIError, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError } from "openai";
