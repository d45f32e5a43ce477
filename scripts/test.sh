#!/usr/bin/env bash
# Runs every test suite (NUnit via dotnet test; the reference clients' own node tests) and ends with
# one plain line: "Tests: N passed, N failed" (CI reads that line, not dotnet's output).
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
results="$root/.build/test-results"
rm -rf "$results" && mkdir -p "$results"

bash "$root/scripts/install-deps.sh"

# The browser targets' openai bundle (docs/browser-contract.md): from npm, never a CDN. The browser
# tests would build it on first use too; doing it here keeps its log out of the test output.
if [ -f "$root/clients/browser/package-lock.json" ]; then
  (cd "$root/clients/browser" && npm ci --no-audit --no-fund && npm run build) > "$results/browser-bundle.log" 2>&1 \
    || echo "clients/browser: npm ci / npm run build failed (see $results/browser-bundle.log)"
fi

# The SDK adapters' pinned npm packages (clients/sdks/README.md): openai, @anthropic-ai/sdk, eventsource-parser.
if [ -f "$root/clients/sdks/node/package-lock.json" ]; then
  (cd "$root/clients/sdks/node" && npm ci --no-audit --no-fund) > "$results/sdks-node.log" 2>&1 \
    || echo "clients/sdks/node: npm ci failed (see $results/sdks-node.log)"
fi

# One TRX file per test project (Conformance.Tests, examples/OpenAiSdk.Conformance.Tests): the logger's default names are
# unique per project, where a fixed LogFileName makes each project overwrite the one before ("Overwriting results file").
dotnet test "$root/Conformance.sln" -c Release --nologo --logger trx --results-directory "$results" "$@"
dotnet_rc=$?

node_passed=0; node_failed=0; node_rc=0
if [ -d "$root/clients/test" ]; then
  node --test --test-reporter=tap "$root"/clients/test/*.test.mjs > "$results/node.tap" 2>&1
  node_rc=$?
  cat "$results/node.tap" | grep -E "^# (pass|fail) " || true
  node_passed=$(awk '/^# pass /{print $3}' "$results/node.tap" | tail -1)
  node_failed=$(awk '/^# fail /{print $3}' "$results/node.tap" | tail -1)
  [ "$node_rc" -ne 0 ] && grep -E "^not ok" "$results/node.tap" | head -20
fi

# Count from every TRX file: one UnitTestResult per executed test.
dn_passed=0; dn_failed=0
while IFS= read -r trx; do
  # Only UnitTestResult elements: the run's ResultSummary carries an outcome too.
  dn_passed=$((dn_passed + $(grep -o '<UnitTestResult [^>]*outcome="Passed"' "$trx" | wc -l)))
  dn_failed=$((dn_failed + $(grep -o '<UnitTestResult [^>]*outcome="Failed"' "$trx" | wc -l)))
done < <(find "$results" -name '*.trx')
passed=$((dn_passed + ${node_passed:-0}))
failed=$((dn_failed + ${node_failed:-0}))
if [ "$dotnet_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$node_rc" -ne 0 ] && [ "${node_failed:-0}" -eq 0 ]; then failed=$((failed + 1)); fi
echo "Tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
