#!/usr/bin/env bash
# Thin wrapper: build the CLI once, then hand over. All behaviour lives in tested C# (src/Conformance.Cli).
#   ./run.sh                 score the bundled reference clients, write reports/
#   ./run.sh test            run the whole test suite
#   ./run.sh serve|list|validate|rules|run …   see ./run.sh help
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if [ "${1:-}" = "test" ]; then
  shift
  exec bash "$root/scripts/test.sh" "$@"
fi

out="$root/.build/cli"
mkdir -p "$root/.build"
if ! dotnet build "$root/src/Conformance.Cli/Conformance.Cli.csproj" -c Release -o "$out" --nologo -v quiet > "$root/.build/cli-build.log" 2>&1; then
  cat "$root/.build/cli-build.log" >&2
  echo "run.sh: build failed (log: .build/cli-build.log)" >&2
  exit 3
fi
exec dotnet "$out/conformance.dll" "$@"
