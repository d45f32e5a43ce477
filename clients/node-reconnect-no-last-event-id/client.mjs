// Known-bad (reconnection): reconnects as the careful client does, but never sends Last-Event-ID, so a resuming
// server starts the stream over (WHATWG: "Set (`Last-Event-ID`, lastEventIDValue) in request's header list").
import { mainReconnecting } from "../node-careful/reconnect.mjs";

mainReconnecting("node-reconnect-no-last-event-id", { sendLastEventId: false });
