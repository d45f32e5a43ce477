// Known-bad (reconnection): ignores retry: and reconnects after a fixed 50 ms of its own, hammering a server that
// asked for more (WHATWG: "Wait a delay equal to the reconnection time of the event source").
import { mainReconnecting } from "../node-careful/reconnect.mjs";

mainReconnecting("node-reconnect-ignores-retry", { fixedDelayMs: 50 });
