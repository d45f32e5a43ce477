// Known-bad client: its retry loop reads Retry-After as delta-seconds only, `Number(header) * 1000`, as many
// hand-written loops around the SDKs do (and as the HTTP-date form is easy to forget: RFC 9110 §10.2.3 allows
// "Retry-After = HTTP-date / delay-seconds"). An HTTP-date gives NaN, setTimeout(NaN) fires at once, and the client
// retries immediately instead of waiting until the date. Seconds still work, so only a date in the future shows it.
// `retry-after-ms` is read as the careful client reads it. Everything else (parsing, assembly, backoff without a header) is the careful client.
import { carefulParser, main, secondsOnlyWaitMs } from "../node-careful/adapter.mjs";

main(carefulParser, "node-retry-after-seconds-only", { serverWait: secondsOnlyWaitMs });
