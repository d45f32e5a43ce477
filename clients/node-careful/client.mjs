// Careful raw-fetch reference client: see clients/README.md.
import { main, carefulParser } from "./adapter.mjs";

main(carefulParser, "node-careful");
