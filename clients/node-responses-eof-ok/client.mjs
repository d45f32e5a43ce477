// One-bug variant of the careful client, scoped to llm-responses.*: the end of the body is taken for the end of the
// answer. A Responses stream that stops before its terminal event (response.completed, response.incomplete or
// response.failed) is reported as a clean end (reason "eof") with the partial text, as a loop that consumes the
// events until the iterator ends, and never asks whether a terminal event came, reports it. Everything else is the
// careful client.
import { main, carefulParser, RESPONSES_APIS } from "../node-careful/adapter.mjs";

main(carefulParser, "node-responses-eof-ok", { apis: RESPONSES_APIS, responsesEofIsSuccess: true });
