// Known-bad (reconnection): feeds every connection into one parser, so an event cut by a FIN is not discarded at
// the end of its body but completed by the next connection's bytes (WHATWG: "Once the end of the file is reached,
// any pending data must be discarded").
import { mainReconnecting } from "../node-careful/reconnect.mjs";

mainReconnecting("node-reconnect-one-parser", { parserPerConnection: false });
