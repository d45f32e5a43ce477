// Known-bad client: it has an idle timeout and nothing else. Every heartbeat comment is a read, every read re-arms
// the idle timer, so a stream that only ever sends `: keep-alive` holds it for as long as the server likes; the
// total budget it is given (CONFORMANCE_TOTAL_TIMEOUT_MS, seed 001: "a single budget across every call") is ignored.
// This is the common shape of SDK timeouts: openai-node's `timeout` bounds one request attempt ("The maximum amount of
// time (in milliseconds) that the client should wait for a response from the server before timing out a single
// request."), and a deadline over the whole stream needs the caller's own AbortSignal. Everything else is the careful client.
import { carefulParser, main } from "../node-careful/adapter.mjs";

main(carefulParser, "node-no-total-budget", { honourTotalBudget: false });
