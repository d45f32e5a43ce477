// The careful events-level client (events.mjs) that also reconnects by itself, like EventSource (reconnect.mjs;
// docs/adapter-protocol.md, feature `reconnect`). Outside reconnection cases it is node-careful-events.
import { mainReconnecting } from "./reconnect.mjs";

mainReconnecting("node-careful-reconnect");
