#!/usr/bin/env node
// Prints the family × adapter table of docs/sdk-matrix.md from a run's results.json:
//   ./run.sh run --preset sdks --out /tmp/sdks && node scripts/sdk-matrix-table.mjs /tmp/sdks/results.json
// Counts are case × rule verdicts; the score row is the console's (MUST rules passed / MUST rules scored).
import { readFileSync } from "node:fs";

const file = process.argv[2];
if (!file) { console.error("usage: node scripts/sdk-matrix-table.mjs <results.json>"); process.exit(2); }
const results = JSON.parse(readFileSync(file, "utf8"));
const level = new Map(results.rules.map((r) => [r.id, r.level]));
const clients = results.clients.map((c) => c.name);
const abbrev = { pass: "P", fail: "F", "non-strict": "N", skipped: "S", "adapter-error": "AE", timeout: "T", "not-run": "NR" };
const order = Object.keys(abbrev);
const scored = new Set(["pass", "fail", "adapter-error", "timeout"]);

const counts = new Map(); // family → client → verdict → n
const totals = new Map(clients.map((c) => [c, {}]));
const must = new Map(clients.map((c) => [c, { passed: 0, scored: 0 }]));
for (const client of clients) {
  for (const [scenario, rules] of Object.entries(results.index[client] ?? {})) {
    const family = scenario.split(".")[0];
    if (!counts.has(family)) counts.set(family, new Map());
    const cell = counts.get(family).get(client) ?? {};
    counts.get(family).set(client, cell);
    for (const [rule, verdict] of Object.entries(rules)) {
      cell[verdict] = (cell[verdict] ?? 0) + 1;
      totals.get(client)[verdict] = (totals.get(client)[verdict] ?? 0) + 1;
      if (level.get(rule) === "must" && scored.has(verdict)) {
        must.get(client).scored++;
        if (verdict === "pass") must.get(client).passed++;
      }
    }
  }
}
const show = (cell = {}) => order.filter((v) => cell[v]).map((v) => `${abbrev[v]} ${cell[v]}`).join(" · ");
const pct = ({ passed, scored: n }) => (n === 0 ? "100%" : `${Math.round((1000 * passed) / n) / 10}%`) + ` (${passed}/${n})`;
const lines = [
  `| family | ${clients.map((c) => `\`${c}\``).join(" | ")} |`,
  `|---|${clients.map(() => "---").join("|")}|`,
  ...[...counts.keys()].sort().map((f) => `| ${f} | ${clients.map((c) => show(counts.get(f).get(c))).join(" | ")} |`),
  `| **total** | ${clients.map((c) => show(totals.get(c))).join(" | ")} |`,
  `| **score** (MUST) | ${clients.map((c) => pct(must.get(c))).join(" | ")} |`,
];
console.log(lines.join("\n"));
