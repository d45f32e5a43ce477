// Careful raw-fetch reference client: see clients/README.md.
import { main, carefulParser, RESPONSES_APIS } from "./adapter.mjs";

main(carefulParser, "node-careful", { apis: RESPONSES_APIS });
