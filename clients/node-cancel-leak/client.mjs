// Known-bad client: cancels the way a hurried `break` does. After CONFORMANCE_CANCEL_AFTER chunks it stops
// reading and reports `cancelled`, but never calls reader.cancel() or aborts the request, so the connection
// stays open for as long as the process lives (seed 001: "The reader is released in a finally block, so
// abnormal termination (a throw inside your loop, a break) closes the underlying connection
// deterministically" — this client has no such finally). Everything else is the careful client.
import { carefulParser, main } from "../node-careful/adapter.mjs";

main(carefulParser, "node-cancel-leak", { leakOnCancel: true });
